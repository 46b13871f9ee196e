import { courierIdOf, decide, isTrusted, staffStoreOf, type AccessDecision, type Identity } from '@qc/shared';

/**
 * Who may see a courier's profile by id, and their private fields (status, load, home store): the
 * courier themselves, admins and the `service` identity. Decided from the id alone, so a refused
 * caller cannot tell a real id from an unknown one.
 */
export const courierAccess = (identity: Identity | null, courierId: string): AccessDecision =>
  decide(identity, (id) => isTrusted(id) || courierIdOf(id) === courierId);

/**
 * Whether a caller may look deliveries up by id at all, before we know whose one it is: admins and
 * couriers may; customers, staff and partners are forbidden without learning whether the id exists.
 */
export const deliveryLookupAccess = (identity: Identity | null): AccessDecision =>
  decide(identity, (id) => isTrusted(id) || id.role === 'courier');

/** Who is party to one delivery, as delivery knows it. */
export interface DeliveryParties {
  /** The assigned courier, if any. */
  courierId: string | null;
  /** The courier holding a pending offer of it, if any. */
  offeredCourierId: string | null;
  /** The store the bag is collected from (from the dispatch job), if known. */
  storeId: string | null;
  /** The customer who ordered (from orders.confirmed), if known. */
  customerId: string | null;
}

/**
 * Who may see a delivery, whatever path reached it: admins and the `service` identity, its assigned
 * courier, the courier it is offered to (to decide), staff of its store and the customer who ordered.
 */
export const deliveryAccess = (identity: Identity | null, delivery: DeliveryParties): AccessDecision =>
  decide(identity, (id) => {
    if (isTrusted(id)) return true;
    const courierId = courierIdOf(id);
    if (courierId !== null) return courierId === delivery.courierId || courierId === delivery.offeredCourierId;
    if (id.role === 'customer') return delivery.customerId !== null && id.sub === delivery.customerId;
    return delivery.storeId !== null && staffStoreOf(id) === delivery.storeId;
  });

/** Proof of delivery (a photo or code): the courier who gave it, the customer, admins; not the store. */
export const proofAccess = (identity: Identity | null, delivery: DeliveryParties): AccessDecision =>
  decide(identity, (id) => isTrusted(id) || (delivery.courierId !== null && courierIdOf(id) === delivery.courierId) || (id.role === 'customer' && id.sub === delivery.customerId));

/** An offer: the courier it was made to, admins and the `service` identity. */
export const offerAccess = (identity: Identity | null, offer: { courierId: string }): AccessDecision =>
  decide(identity, (id) => isTrusted(id) || courierIdOf(id) === offer.courierId);

/** Courier actions (answering offers, pickup, delivery, own status, own offers): couriers only. */
export const courierActionAccess = (identity: Identity | null): AccessDecision => decide(identity, (id) => courierIdOf(id) !== null);

/** Admin views (escalated deliveries): admins and the `service` identity. */
export const adminAccess = (identity: Identity | null): AccessDecision => decide(identity, isTrusted);
