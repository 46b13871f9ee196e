import { courierIdOf, forbidden, unauthenticated, type Identity } from '@qc/shared';

/** The outcome of an access rule; `enforce` turns a refusal into the matching GraphQL error. */
export type AccessDecision = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/**
 * Who may see a courier's profile: the courier themselves and admins. Anyone else signed in is
 * forbidden, whether or not the courier exists, so ids cannot be probed.
 */
export function courierAccess(identity: Identity | null, courierId: string): AccessDecision {
  if (!identity) return 'UNAUTHENTICATED';
  if (identity.role === 'admin') return 'ALLOWED';
  return courierIdOf(identity) === courierId ? 'ALLOWED' : 'FORBIDDEN';
}

/**
 * Whether a caller may look deliveries up by id at all, before we know whose one it is: admins and
 * couriers may; customers, staff and partners are forbidden without learning whether the id exists.
 */
export function deliveryLookupAccess(identity: Identity | null): AccessDecision {
  if (!identity) return 'UNAUTHENTICATED';
  return identity.role === 'admin' || identity.role === 'courier' ? 'ALLOWED' : 'FORBIDDEN';
}

/** Who may see one delivery: admins and the courier it is assigned to (an unassigned one is admins' only). */
export function deliveryAccess(identity: Identity | null, delivery: { courierId: string | null }): AccessDecision {
  if (!identity) return 'UNAUTHENTICATED';
  if (identity.role === 'admin') return 'ALLOWED';
  const courierId = courierIdOf(identity);
  return courierId !== null && courierId === delivery.courierId ? 'ALLOWED' : 'FORBIDDEN';
}

/** Throws UNAUTHENTICATED or FORBIDDEN for a refusal; returns for `ALLOWED`. */
export function enforce(decision: AccessDecision, message?: string): void {
  if (decision === 'UNAUTHENTICATED') throw unauthenticated();
  if (decision === 'FORBIDDEN') throw forbidden(message);
}

/** Courier actions (answering offers, pickup, delivery, own status): couriers only. */
export function courierActionAccess(identity: Identity | null): AccessDecision {
  if (!identity) return 'UNAUTHENTICATED';
  return courierIdOf(identity) !== null ? 'ALLOWED' : 'FORBIDDEN';
}

/** Admin views (escalated deliveries): admins only. */
export function adminAccess(identity: Identity | null): AccessDecision {
  if (!identity) return 'UNAUTHENTICATED';
  return identity.role === 'admin' ? 'ALLOWED' : 'FORBIDDEN';
}

/** The courier a caller acts as, or the matching error: for courier actions. */
export function requireCourier(identity: Identity | null): string {
  enforce(courierActionAccess(identity), 'Only couriers can do this');
  return courierIdOf(identity)!;
}
