import { forbidden, SERVICE_ROLE, unauthenticated, type Identity } from '@qc/shared';

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

/** Whether the caller is another subgraph speaking for itself (a signed `service` identity, never a client token). */
export const isService = (identity: Identity | null): boolean => identity?.role === SERVICE_ROLE;

/**
 * The reservation API is internal: only subgraphs (orders) may call it. Anyone else, signed in or not,
 * is FORBIDDEN — the operations are not in the public API, so a client has no business naming them.
 */
export function assertService(identity: Identity | null): Identity {
  if (!identity || !isService(identity)) throw forbidden('Reservations are made by the platform, not by clients');
  return identity;
}
