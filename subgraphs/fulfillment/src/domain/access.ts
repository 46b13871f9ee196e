import { forbidden, unauthenticated, type Identity } from '@qc/shared';

/** The outcome of an access rule; `enforce` turns a refusal into the matching GraphQL error. */
export type AccessDecision = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/**
 * Who may see a store's pick/pack work (its queue, one of its tasks): the store's own staff and
 * admins. Staff of another store, customers, couriers and partners are signed in but forbidden.
 */
export function storeWorkAccess(identity: Identity | null, storeId: string): AccessDecision {
  if (!identity) return 'UNAUTHENTICATED';
  if (identity.role === 'admin') return 'ALLOWED';
  if (identity.role === 'store_staff' && identity.storeId === storeId) return 'ALLOWED';
  return 'FORBIDDEN';
}

/**
 * Who may try to change pick tasks at all: admins and staff attached to a store. The task's own
 * store is checked once the task is found (`storeWorkAccess`); this refuses everyone else before any
 * row is locked.
 */
export function pickingAccess(identity: Identity | null): AccessDecision {
  if (!identity) return 'UNAUTHENTICATED';
  if (identity.role === 'admin') return 'ALLOWED';
  if (identity.role === 'store_staff' && identity.storeId) return 'ALLOWED';
  return 'FORBIDDEN';
}

/** Throws UNAUTHENTICATED or FORBIDDEN (with `forbiddenMessage`) for a refusal; returns for `ALLOWED`. */
export function enforce(decision: AccessDecision, forbiddenMessage = "Only the store's staff and admins can see its pick tasks"): void {
  if (decision === 'UNAUTHENTICATED') throw unauthenticated();
  if (decision === 'FORBIDDEN') throw forbidden(forbiddenMessage);
}
