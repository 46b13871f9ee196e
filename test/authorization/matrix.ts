/**
 * The authorization matrix: what every role gets from every root field, mutation and subscription of
 * the public API, every internal operation, and every guarded entity path. It is the specification the
 * e2e test holds the running graph to, and the table in docs/authorization.md is rendered from it
 * (`npx tsx test/authorization/render.ts`). Rows are checked against the schema and the subgraphs'
 * policies, so a field nobody thought about fails the test.
 */
import type { SubgraphName } from '@qc/shared';
import { MATRIX_ROLES, type MatrixRole } from './world';

/**
 * What a role gets: `ok` an answer (no error), `none` null with no error (the same answer as for an id
 * that does not exist), or the `extensions.code` of the first error. An INVALID_STATE or BAD_USER_INPUT
 * means the caller got past every access rule (the rows aim at objects whose state refuses the change,
 * so the matrix changes nothing).
 */
export type Outcome = 'ok' | 'none' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'INVALID_STATE' | 'BAD_USER_INPUT';

export interface MatrixRow {
  /** `Query.order`, `Mutation.cancelOrder`, `Subscription.orderUpdated`, or an entity path such as `Courier.position`. */
  path: string;
  /** What the row asks, in words (for the docs). */
  asks: string;
  /** How it is sent: through the gateway over HTTP, to the gateway's subscription engine, or signed straight to a subgraph (internal operations). */
  via: 'gateway' | 'subscription' | SubgraphName;
  operation: string;
  variables?: Record<string, unknown>;
  /** Policy entries (`Type` for an object rule, `Type.field`) this row exercises besides its path. */
  covers?: string[];
  expect: Record<MatrixRole, Outcome>;
}

/** Expectations with a default for every role but those named (anonymous defaults to UNAUTHENTICATED). */
const roles = (fallback: Outcome, named: Partial<Record<MatrixRole, Outcome>> = {}): Record<MatrixRole, Outcome> =>
  Object.fromEntries(MATRIX_ROLES.map((role) => [role, named[role] ?? (role === 'anonymous' ? 'UNAUTHENTICATED' : fallback)])) as Record<MatrixRole, Outcome>;

const everyone = roles('ok', { anonymous: 'ok' });
/** ord_live: the customer, the store, the carrying courier and admins see it; strangers get null. */
const liveOrderParties = roles('none', { customer: 'ok', staff: 'ok', courier: 'ok', admin: 'ok' });

export const MATRIX: MatrixRow[] = [
  // catalog and availability: public
  { path: 'Query.product', asks: 'product(prd_milk) { name price }', via: 'gateway', operation: '{ product(id: "prd_milk") { name price { amountCents } } }', expect: everyone },
  { path: 'Query.products', asks: 'products { totalCount }', via: 'gateway', operation: '{ products(first: 5) { totalCount } }', expect: everyone },
  { path: 'Query.categories', asks: 'categories { name }', via: 'gateway', operation: '{ categories { name } }', expect: everyone },
  { path: 'Query.store', asks: 'store(str_a) { name openTaskCount }', via: 'gateway', operation: '{ store(id: "str_a") { name openTaskCount } }', expect: everyone },
  { path: 'Query.stores', asks: 'stores { name }', via: 'gateway', operation: '{ stores { name } }', expect: everyone },
  {
    path: 'Query.availability',
    asks: 'availability(here, [prd_milk]) { quantity }',
    via: 'gateway',
    operation: '{ availability(location: { lat: 52.52, lng: 13.405 }, productIds: ["prd_milk"]) { quantity stores { store { name } } } }',
    expect: everyone,
  },
  { path: 'Query.storesNear', asks: 'storesNear(here) { distanceMeters }', via: 'gateway', operation: '{ storesNear(location: { lat: 52.52, lng: 13.405 }) { distanceMeters } }', expect: everyone },
  {
    path: 'Mutation.adjustStock',
    asks: 'adjustStock(str_a, prd_milk, delta 0): refused as input once allowed',
    via: 'gateway',
    operation: 'mutation { adjustStock(input: { storeId: "str_a", productId: "prd_milk", delta: 0, reason: "matrix" }) { __typename } }',
    expect: roles('FORBIDDEN', { staff: 'BAD_USER_INPUT', admin: 'BAD_USER_INPUT' }),
  },
  ...(['reserveStock', 'releaseReservation', 'confirmReservation', 'confirmReservations'] as const).map(
    (name): MatrixRow => ({
      path: `Mutation.${name}`,
      asks: `${name} (internal, @inaccessible), signed straight to availability`,
      via: 'availability',
      operation:
        name === 'reserveStock'
          ? 'mutation { reserveStock(input: { orderId: "ord_x", location: { lat: 52.52, lng: 13.405 }, items: [{ productId: "prd_milk", quantity: 1 }] }) { __typename } }'
          : name === 'releaseReservation'
            ? 'mutation { releaseReservation(orderId: "ord_x", reason: "matrix") }'
            : name === 'confirmReservation'
              ? 'mutation { confirmReservation(orderId: "ord_x") }'
              : 'mutation { confirmReservations(orderIds: ["ord_x"]) }',
      // Only the `service` identity (another subgraph) may; no token of any client role does.
      expect: roles('FORBIDDEN', { anonymous: 'FORBIDDEN' }),
    }),
  ),

  // orders
  { path: 'Query.order', asks: 'order(ord_live) { status }', via: 'gateway', operation: '{ order(id: "ord_live") { status } }', covers: ['Order'], expect: liveOrderParties },
  {
    path: 'Query.myOrders',
    asks: 'myOrders { totalCount }',
    via: 'gateway',
    operation: '{ myOrders { totalCount } }',
    expect: roles('FORBIDDEN', { customer: 'ok', otherCustomer: 'ok' }),
  },
  { path: 'Query.me', asks: 'me { name }', via: 'gateway', operation: '{ me { name } }', expect: roles('none', { customer: 'ok', otherCustomer: 'ok' }) },
  {
    path: 'Mutation.placeOrder',
    asks: 'placeOrder with an empty cart: InvalidOrderInput once allowed',
    via: 'gateway',
    operation:
      'mutation { placeOrder(input: { idempotencyKey: "matrix", items: [], deliveryLocation: { lat: 52.52, lng: 13.4 }, address: { line1: "x", city: "y", postalCode: "1" }, paymentMethod: "card" }) { __typename } }',
    expect: roles('FORBIDDEN', { customer: 'ok', otherCustomer: 'ok' }),
  },
  {
    path: 'Mutation.cancelOrder',
    asks: 'cancelOrder(ord_done): too late once allowed; a stranger is told it does not exist',
    via: 'gateway',
    operation: 'mutation { cancelOrder(id: "ord_done", reason: "matrix") { __typename } }',
    expect: roles('FORBIDDEN', { customer: 'INVALID_STATE', admin: 'INVALID_STATE', otherCustomer: 'NOT_FOUND' }),
  },
  {
    path: 'Order.deliveryAddress',
    asks: 'order(ord_live) { deliveryAddress }',
    via: 'gateway',
    operation: '{ order(id: "ord_live") { deliveryAddress { line1 } } }',
    expect: liveOrderParties,
  },
  {
    path: 'Order.deliveryAddress (delivered)',
    asks: 'order(ord_done) { deliveryAddress }: the store no longer sees it',
    via: 'gateway',
    operation: '{ order(id: "ord_done") { deliveryAddress { line1 } } }',
    expect: roles('none', { customer: 'ok', staff: 'FORBIDDEN', admin: 'ok' }),
  },
  {
    path: 'Customer.email',
    asks: 'order(ord_live) { customer { name email } }',
    via: 'gateway',
    operation: '{ order(id: "ord_live") { customer { name email } } }',
    covers: ['Customer', 'Customer.name'],
    expect: liveOrderParties,
  },
  {
    path: 'Customer.email (delivered)',
    asks: "order(ord_old) { customer { email } }: once none of the customer's orders is under way, the store no longer sees it",
    via: 'gateway',
    operation: '{ order(id: "ord_old") { customer { email } } }',
    expect: roles('none', { staff: 'FORBIDDEN', admin: 'ok' }),
  },
  {
    path: 'Customer.orders',
    asks: "order(ord_live) { customer { orders { totalCount } } }: the customer's other orders",
    via: 'gateway',
    operation: '{ order(id: "ord_live") { customer { orders { totalCount } } } }',
    expect: roles('none', { customer: 'ok', staff: 'FORBIDDEN', courier: 'FORBIDDEN', admin: 'ok' }),
  },

  // fulfillment
  {
    path: 'Query.pickTask',
    asks: 'pickTask(pck_live) { status }',
    via: 'gateway',
    operation: '{ pickTask(id: "pck_live") { status } }',
    covers: ['PickTask'],
    expect: roles('none', { customer: 'ok', staff: 'ok', admin: 'ok' }),
  },
  {
    path: 'Order.pickTask',
    asks: 'order(ord_live) { pickTask { status } }: the carrying courier sees the order, not its picking',
    via: 'gateway',
    operation: '{ order(id: "ord_live") { pickTask { status } } }',
    covers: ['PickTask'],
    expect: roles('none', { customer: 'ok', staff: 'ok', courier: 'FORBIDDEN', admin: 'ok' }),
  },
  {
    path: 'Query.storeQueue',
    asks: 'storeQueue(str_a, PACKED) { totalCount }',
    via: 'gateway',
    operation: '{ storeQueue(storeId: "str_a", status: PACKED) { totalCount } }',
    expect: roles('FORBIDDEN', { staff: 'ok', admin: 'ok' }),
  },
  {
    path: 'Store.queue',
    asks: 'store(str_a) { queue { id } }',
    via: 'gateway',
    operation: '{ store(id: "str_a") { queue { id } } }',
    expect: roles('FORBIDDEN', { staff: 'ok', admin: 'ok' }),
  },
  ...(['beginPicking', 'reportItemMissing', 'packOrder'] as const).map(
    (name): MatrixRow => ({
      path: `Mutation.${name}`,
      asks: `${name}(ord_live): PickTaskStatusConflict (packed already) once allowed; another store is told it does not exist`,
      via: 'gateway',
      operation:
        name === 'reportItemMissing'
          ? 'mutation { reportItemMissing(orderId: "ord_live", productId: "prd_milk", quantity: 1) { __typename } }'
          : `mutation { ${name}(orderId: "ord_live") { __typename } }`,
      expect: roles('FORBIDDEN', { staff: 'ok', admin: 'ok', otherStaff: 'NOT_FOUND' }),
    }),
  ),
  ...(['startPicking', 'markItemMissing', 'markPacked'] as const).map(
    (name): MatrixRow => ({
      path: `Mutation.${name}`,
      asks: `${name}(ord_live): packed already once allowed; another store is told it does not exist`,
      via: 'gateway',
      operation: name === 'markItemMissing' ? 'mutation { markItemMissing(orderId: "ord_live", productId: "prd_milk", quantity: 1) { id } }' : `mutation { ${name}(orderId: "ord_live") { id } }`,
      expect: roles('FORBIDDEN', { staff: 'INVALID_STATE', admin: 'INVALID_STATE', otherStaff: 'NOT_FOUND' }),
    }),
  ),

  {
    path: 'Query.operationsSummary',
    asks: 'operationsSummary { ordersPerMinute medianOrderToDoorSeconds }',
    via: 'gateway',
    operation: '{ operationsSummary { ordersPerMinute medianOrderToDoorSeconds } }',
    covers: ['OperationsSummary'],
    expect: roles('FORBIDDEN', { admin: 'ok' }),
  },

  // delivery
  {
    path: 'Query.courier',
    asks: 'courier(cou_kim) { name status }',
    via: 'gateway',
    operation: '{ courier(id: "cou_kim") { name status } }',
    covers: ['Courier'],
    expect: roles('FORBIDDEN', { courier: 'ok', admin: 'ok' }),
  },
  {
    path: 'Courier.status',
    asks: 'order(ord_live) { delivery { courier { status currentLoad homeStore } } }',
    via: 'gateway',
    operation: '{ order(id: "ord_live") { delivery { courier { name status currentLoad homeStore { id } } } } }',
    covers: ['Courier.currentLoad', 'Courier.homeStore', 'Delivery', 'Order.delivery'],
    expect: roles('none', { customer: 'FORBIDDEN', staff: 'FORBIDDEN', courier: 'ok', admin: 'ok' }),
  },
  {
    path: 'Query.delivery',
    asks: 'delivery(dlv_live) { status }',
    via: 'gateway',
    operation: '{ delivery(id: "dlv_live") { status } }',
    covers: ['Delivery'],
    expect: roles('FORBIDDEN', { courier: 'ok', otherCourier: 'none', admin: 'ok' }),
  },
  {
    path: 'Delivery.proofOfDelivery',
    asks: 'order(ord_done) { delivery { proofOfDelivery } }',
    via: 'gateway',
    operation: '{ order(id: "ord_done") { delivery { proofOfDelivery } } }',
    expect: roles('none', { customer: 'ok', staff: 'FORBIDDEN', admin: 'ok' }),
  },
  {
    path: 'Query.myOffers',
    asks: 'myOffers { id dropoffLocation }',
    via: 'gateway',
    operation: '{ myOffers { id dropoffLocation { lat } } }',
    covers: ['DeliveryOffer'],
    expect: roles('FORBIDDEN', { courier: 'ok', otherCourier: 'ok' }),
  },
  {
    path: 'DeliveryOffer.order',
    asks: "myOffers { order { deliveryAddress customer { email } } }: an offered courier gets no customer data",
    via: 'gateway',
    operation: '{ myOffers { order { deliveryAddress { line1 } customer { email } } } }',
    expect: roles('FORBIDDEN', { courier: 'ok' }),
  },
  {
    path: 'Query.escalatedDeliveries',
    asks: 'escalatedDeliveries { attempts }',
    via: 'gateway',
    operation: '{ escalatedDeliveries { attempts } }',
    covers: ['DeliveryEscalation'],
    expect: roles('FORBIDDEN', { admin: 'ok' }),
  },
  {
    path: 'Query.couriers',
    asks: 'couriers { name status }: the city’s online couriers',
    via: 'gateway',
    operation: '{ couriers { name status } }',
    expect: roles('FORBIDDEN', { admin: 'ok' }),
  },
  {
    path: 'Query.ordersAwaitingCourier',
    asks: 'ordersAwaitingCourier { offered attempts }',
    via: 'gateway',
    operation: '{ ordersAwaitingCourier { offered attempts waitingSince } }',
    covers: ['CourierWait'],
    expect: roles('FORBIDDEN', { admin: 'ok' }),
  },
  {
    path: 'Mutation.changeCourierStatus',
    asks: 'changeCourierStatus(BUSY): refused as input once allowed',
    via: 'gateway',
    operation: 'mutation { changeCourierStatus(status: BUSY) { __typename } }',
    expect: roles('FORBIDDEN', { courier: 'BAD_USER_INPUT', otherCourier: 'BAD_USER_INPUT' }),
  },
  ...(['acceptDeliveryOffer', 'declineDeliveryOffer'] as const).map(
    (name): MatrixRow => ({
      path: `Mutation.${name}`,
      asks: `${name}(ofr_kim), already accepted: OfferUnavailable; another courier is told it does not exist`,
      via: 'gateway',
      operation: `mutation { ${name}(offerId: "ofr_kim") { __typename } }`,
      expect: roles('FORBIDDEN', { courier: 'ok', otherCourier: 'NOT_FOUND' }),
    }),
  ),
  {
    path: 'Mutation.pickUpOrder',
    asks: 'pickUpOrder(ord_live), already picked up: DeliveryStepConflict; another courier is told it does not exist',
    via: 'gateway',
    operation: 'mutation { pickUpOrder(orderId: "ord_live") { __typename } }',
    expect: roles('FORBIDDEN', { courier: 'ok', otherCourier: 'NOT_FOUND' }),
  },
  {
    path: 'Mutation.deliverOrder',
    asks: 'deliverOrder(ord_live) with a blank proof: InvalidProofOfDelivery, for any courier, before the delivery is looked up',
    via: 'gateway',
    operation: 'mutation { deliverOrder(orderId: "ord_live", proof: " ") { __typename } }',
    expect: roles('FORBIDDEN', { courier: 'ok', otherCourier: 'ok' }),
  },
  {
    path: 'Mutation.setCourierStatus',
    asks: 'setCourierStatus(BUSY): refused as input once allowed',
    via: 'gateway',
    operation: 'mutation { setCourierStatus(status: BUSY) { id } }',
    expect: roles('FORBIDDEN', { courier: 'BAD_USER_INPUT', otherCourier: 'BAD_USER_INPUT' }),
  },
  ...(['acceptOffer', 'declineOffer'] as const).map(
    (name): MatrixRow => ({
      path: `Mutation.${name}`,
      asks: `${name}(ofr_kim), already accepted: another courier is told it does not exist`,
      via: 'gateway',
      operation: `mutation { ${name}(offerId: "ofr_kim") { id } }`,
      expect: roles('FORBIDDEN', { courier: 'INVALID_STATE', otherCourier: 'NOT_FOUND' }),
    }),
  ),
  {
    path: 'Mutation.confirmPickup',
    asks: 'confirmPickup(ord_live), already picked up: another courier is told it does not exist',
    via: 'gateway',
    operation: 'mutation { confirmPickup(orderId: "ord_live") { id } }',
    expect: roles('FORBIDDEN', { courier: 'INVALID_STATE', otherCourier: 'NOT_FOUND' }),
  },
  {
    path: 'Mutation.confirmDelivery',
    asks: 'confirmDelivery(ord_live) with a blank proof',
    via: 'gateway',
    operation: 'mutation { confirmDelivery(orderId: "ord_live", proof: " ") { id } }',
    expect: roles('FORBIDDEN', { courier: 'BAD_USER_INPUT', otherCourier: 'BAD_USER_INPUT' }),
  },

  // tracking
  {
    path: 'Query.courierPosition',
    asks: 'courierPosition(cou_kim) { lat }, while cou_kim carries ord_live',
    via: 'gateway',
    operation: '{ courierPosition(courierId: "cou_kim") { lat } }',
    expect: roles('FORBIDDEN', { customer: 'ok', staff: 'ok', courier: 'ok', admin: 'ok' }),
  },
  {
    path: 'Courier.position',
    asks: 'order(ord_live) { delivery { courier { position } } }',
    via: 'gateway',
    operation: '{ order(id: "ord_live") { delivery { courier { position { lat } } } } }',
    covers: ['Courier'],
    expect: liveOrderParties,
  },
  {
    path: 'Courier.position (delivered)',
    asks: 'order(ord_done) { delivery { courier { position } } }, three days after delivery',
    via: 'gateway',
    operation: '{ order(id: "ord_done") { delivery { courier { position { lat } } } } }',
    expect: roles('none', { customer: 'FORBIDDEN', staff: 'FORBIDDEN', admin: 'ok' }),
  },
  {
    path: 'Order.eta',
    asks: 'order(ord_live) { eta { minutesRemaining } }',
    via: 'gateway',
    operation: '{ order(id: "ord_live") { eta { minutesRemaining } } }',
    expect: liveOrderParties,
  },
  {
    path: 'Mutation.reportLocation',
    asks: 'reportLocation with latitude 91: refused as input once allowed',
    via: 'gateway',
    operation: `mutation { reportLocation(input: { lat: 91, lng: 13.4, recordedAt: "${new Date(0).toISOString()}" }) { kept } }`,
    expect: roles('FORBIDDEN', { courier: 'BAD_USER_INPUT', otherCourier: 'BAD_USER_INPUT' }),
  },

  // subscriptions: the gateway's engine decides when subscribing
  {
    path: 'Subscription.orderUpdated',
    asks: 'orderUpdated(ord_live): strangers are told it does not exist',
    via: 'subscription',
    operation: 'subscription { orderUpdated(orderId: "ord_live") { status } }',
    expect: roles('NOT_FOUND', { customer: 'ok', staff: 'ok', courier: 'ok', admin: 'ok' }),
  },
  {
    path: 'Subscription.courierPosition',
    asks: 'courierPosition(ord_live): whoever may see the order (positions flow only while it is carried)',
    via: 'subscription',
    operation: 'subscription { courierPosition(orderId: "ord_live") { lat } }',
    expect: roles('NOT_FOUND', { customer: 'ok', staff: 'ok', courier: 'ok', admin: 'ok' }),
  },
  {
    path: 'Subscription.storeQueueUpdated',
    asks: 'storeQueueUpdated(str_a)',
    via: 'subscription',
    operation: 'subscription { storeQueueUpdated(storeId: "str_a") { id } }',
    expect: roles('FORBIDDEN', { staff: 'ok', admin: 'ok' }),
  },
  {
    path: 'Subscription.storeLoadUpdated',
    asks: 'storeLoadUpdated: every store’s open tasks',
    via: 'subscription',
    operation: 'subscription { storeLoadUpdated { id openTaskCount } }',
    expect: roles('FORBIDDEN', { admin: 'ok' }),
  },
  {
    path: 'Subscription.cityCouriers',
    asks: 'cityCouriers: every online courier, live',
    via: 'subscription',
    operation: 'subscription { cityCouriers { id status } }',
    expect: roles('FORBIDDEN', { admin: 'ok' }),
  },
  {
    path: 'Subscription.deliveryOffers',
    asks: 'deliveryOffers: the subscribing courier’s own offers',
    via: 'subscription',
    operation: 'subscription { deliveryOffers { id } }',
    expect: roles('FORBIDDEN', { courier: 'ok', otherCourier: 'ok' }),
  },
];
