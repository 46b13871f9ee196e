import { courierIdOf, type Identity } from '@qc/shared';

/** The subject of the identities the gateway makes up for shared fetches. */
export const LIVE_FETCH_SUBJECT = 'gateway:live';

/**
 * Who a shared fetch runs as. Subscribers that may see the same things share one fetch per event,
 * made with the least identity of that audience: all admins; the staff of one store; one customer;
 * one courier. A shared fetch therefore never reads more than each of its subscribers could read
 * with a query of their own, however their selections reach across the graph.
 */
export function fetchScope(identity: Identity): { key: string; identity: Identity } {
  switch (identity.role) {
    case 'admin':
      return { key: 'admin', identity: { sub: LIVE_FETCH_SUBJECT, role: 'admin' } };
    case 'store_staff':
      return { key: `staff:${identity.storeId}`, identity: { sub: LIVE_FETCH_SUBJECT, role: 'store_staff', storeId: identity.storeId } };
    case 'courier': {
      const courierId = courierIdOf(identity)!;
      return { key: `courier:${courierId}`, identity: { sub: courierId, role: 'courier', courierId } };
    }
    default:
      return { key: `${identity.role}:${identity.sub}:${identity.partnerId ?? ''}`, identity: { ...identity } };
  }
}
