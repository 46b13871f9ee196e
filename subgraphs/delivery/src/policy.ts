import { anyone, courierIdOf, sameRule, signedIn, type AccessRule, type SubgraphPolicy } from '@qc/shared';
import type { Context } from './context';
import type { CourierRecord, OfferRecord, StoredDeliveryRecord } from './data';
import { adminAccess, courierAccess, courierActionAccess, deliveryAccess, deliveryLookupAccess, offerAccess, proofAccess, type DeliveryParties } from './domain/access';

type Rule<TParent = unknown> = AccessRule<Context, TParent>;

/** Who is party to a delivery: its row, its dispatch job (store, customer) and its pending offer. */
async function partiesOf(context: Context, delivery: StoredDeliveryRecord): Promise<DeliveryParties> {
  const [job, offer] = await Promise.all([context.loaders.jobOfOrder.load(delivery.orderId), context.loaders.pendingOfferOfDelivery.load(delivery.id)]);
  return { courierId: delivery.courierId, offeredCourierId: offer?.courierId ?? null, storeId: job?.storeId ?? null, customerId: job?.customerId ?? null };
}

const courierRole: Rule = ({ identity }) => courierActionAccess(identity);
const admin: Rule = ({ identity }) => adminAccess(identity);
const courierSelf: Rule<CourierRecord> = ({ identity, parent }) => courierAccess(identity, parent.id);
const delivery: Rule<StoredDeliveryRecord> = async ({ identity, parent, context }) => (identity ? deliveryAccess(identity, await partiesOf(context, parent)) : 'UNAUTHENTICATED');
const proof: Rule<StoredDeliveryRecord> = async ({ identity, parent, context }) => (identity ? proofAccess(identity, await partiesOf(context, parent)) : 'UNAUTHENTICATED');
const offer: Rule<OfferRecord> = ({ identity, parent }) => offerAccess(identity, parent);

const open = (...fields: string[]) => ({ object: anyone, fields: sameRule(anyone, fields) });
const COURIERS_ONLY = 'Only couriers can do this';

/**
 * Who may see what in delivery, on every path (root, nested, `_entities`). The rules are in
 * `domain/access.ts`; the matrix in docs/authorization.md shows what each role gets.
 */
export const policy: SubgraphPolicy<Context> = {
  Query: {
    fields: {
      // Decided from the id alone, before the lookup.
      courier: { rule: ({ identity, args }) => courierAccess(identity, args.id as string), refusal: 'Only the courier themselves and admins can see a courier' },
      // Someone else's delivery is answered like one that does not exist: null.
      delivery: { rule: ({ identity }) => deliveryLookupAccess(identity), hideForbidden: true, refusal: 'Only couriers and admins look deliveries up by id' },
      myOffers: { rule: courierRole, refusal: COURIERS_ONLY },
      escalatedDeliveries: { rule: admin, refusal: 'Only admins can see escalated deliveries' },
      couriers: { rule: admin, refusal: 'Only admins can list couriers' },
      ordersAwaitingCourier: { rule: admin, refusal: 'Only admins can see orders waiting for a courier' },
    },
  },
  // Whose offer or delivery it is is decided by dispatch on the locked rows: NOT_FOUND for a stranger.
  Mutation: {
    fields: sameRule({ rule: courierRole, refusal: COURIERS_ONLY }, [
      'changeCourierStatus',
      'acceptDeliveryOffer',
      'declineDeliveryOffer',
      'pickUpOrder',
      'deliverOrder',
      'setCourierStatus',
      'acceptOffer',
      'declineOffer',
      'confirmPickup',
      'confirmDelivery',
    ]),
  },
  // An action's answer goes to the courier the mutation let through; what it leads to has its own rule.
  CourierStatusChanged: open('courier'),
  CourierStatusConflict: open('message', 'courier'),
  OfferAccepted: open('delivery'),
  OfferDeclined: open('offer'),
  OfferUnavailable: open('message', 'offerId'),
  DeliveryUpdated: open('delivery'),
  DeliveryStepConflict: open('message', 'delivery'),
  InvalidProofOfDelivery: open('message'),
  // Served by the gateway, to the subscribing courier's own offers.
  Subscription: {
    fields: {
      deliveryOffers: { rule: courierRole, refusal: 'Only couriers receive delivery offers' },
      cityCouriers: { rule: admin, refusal: "Only admins can follow the city's couriers" },
    },
  },
  Courier: {
    object: signedIn,
    fields: {
      ...sameRule(anyone, ['id', 'name', 'vehicle', 'rating']),
      ...sameRule({ rule: courierSelf, refusal: "Only the courier themselves and admins may see a courier's status, load and home store" }, ['status', 'currentLoad', 'homeStore']),
    },
  },
  Delivery: {
    object: delivery,
    refusal: 'Only the customer, the store, the courier of a delivery and admins may see it',
    fields: {
      ...sameRule(anyone, ['id', 'order', 'courier', 'status', 'assignedAt', 'pickedUpAt', 'deliveredAt']),
      proofOfDelivery: { rule: proof, refusal: 'Only the customer, the courier who delivered and admins may see the proof of delivery' },
    },
  },
  DeliveryOffer: {
    object: offer,
    refusal: 'Only the courier an offer was made to may see it',
    fields: sameRule(anyone, ['id', 'order', 'delivery', 'store', 'pickupLocation', 'dropoffLocation', 'attempt', 'status', 'distanceMeters', 'etaToStoreSeconds', 'readyAt', 'expiresAt', 'createdAt']),
  },
  DeliveryEscalation: {
    object: admin,
    refusal: 'Only admins can see escalated deliveries',
    fields: sameRule(anyone, ['delivery', 'order', 'store', 'reason', 'attempts', 'escalatedAt']),
  },
  CourierWait: {
    object: admin,
    refusal: 'Only admins can see orders waiting for a courier',
    fields: sameRule(anyone, ['order', 'store', 'offered', 'attempts', 'dropoffLocation', 'waitingSince']),
  },
  // The delivery it leads to has its own rule; the link itself tells nothing.
  Order: { object: signedIn, fields: sameRule(anyone, ['id', 'delivery']) },
  Store: open('id'),
  GeoPoint: open('lat', 'lng'),
};

/** The courier a caller acts as (the policy let only couriers through). */
export const actingCourier = (context: Context): string => courierIdOf(context.identity)!;
