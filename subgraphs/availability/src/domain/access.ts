import { forbidden, unauthenticated, type Identity } from '@qc/shared';

/** Who may change a store's stock: its own staff (the token's store) and admins. */
export function canAdjustStock(identity: Identity | null, storeId: string): boolean {
  if (!identity) return false;
  if (identity.role === 'admin') return true;
  return identity.role === 'store_staff' && identity.storeId !== undefined && identity.storeId === storeId;
}

/** Throws UNAUTHENTICATED when anonymous, FORBIDDEN when signed in but not staff of this store (or an admin). */
export function assertCanAdjustStock(identity: Identity | null, storeId: string): Identity {
  if (!identity) throw unauthenticated();
  if (!canAdjustStock(identity, storeId)) throw forbidden(`You may not change the stock of store ${storeId}`);
  return identity;
}
