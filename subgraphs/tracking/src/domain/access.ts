import { courierIdOf, decide, isTrusted, staffStoreOf, type AccessDecision, type Identity } from '@qc/shared';

/** Who is party to one live delivery (under way: assigned or picked up, not delivered or ended). */
export interface LiveParties {
  courierId: string;
  storeId: string | null;
  customerId: string | null;
}

/** Whether the caller is the customer or a staff member of the store of this live delivery. */
const partyOf = (identity: Identity, delivery: LiveParties): boolean =>
  (identity.role === 'customer' && delivery.customerId !== null && identity.sub === delivery.customerId) ||
  (delivery.storeId !== null && staffStoreOf(identity) === delivery.storeId);

/**
 * Who may see a courier's position: the courier themselves, admins, the `service` identity, and the
 * customer and store of a delivery the courier carries right now (`live`: the courier's live
 * deliveries). Never after it ends: a delivered order no longer shows where its courier is.
 */
export const courierPositionAccess = (identity: Identity | null, courierId: string, live: readonly LiveParties[]): AccessDecision =>
  decide(identity, (id) => isTrusted(id) || courierIdOf(id) === courierId || live.some((delivery) => partyOf(id, delivery)));

/**
 * Who may see an order's ETA: admins, the `service` identity, the customer who ordered it
 * (`customerId`, null when unknown), and the courier and store of its live delivery (`live`).
 *
 * Tracking hears of an order's customer when it is confirmed, so an order that never was (PENDING,
 * PAYMENT_FAILED, REJECTED) is unknown here: with no customer and no delivery on record it has no ETA
 * for anyone, and a customer asking is answered null (as the schema promises) rather than refused —
 * which would refuse their own order's whole `orderUpdated` feed. Whose order it is, orders decides
 * before the gateway ever asks tracking. Once a customer or a delivery is on record, only its parties.
 */
export const etaAccess = (identity: Identity | null, customerId: string | null, live: readonly LiveParties[]): AccessDecision =>
  decide(
    identity,
    (id) =>
      isTrusted(id) ||
      (id.role === 'customer' && (customerId === null ? live.length === 0 : id.sub === customerId)) ||
      live.some((d) => courierIdOf(id) === d.courierId || partyOf(id, d)),
  );

/** Reporting a location: couriers only, each for themselves. */
export const reportLocationAccess = (identity: Identity | null): AccessDecision => decide(identity, (id) => courierIdOf(id) !== null);
