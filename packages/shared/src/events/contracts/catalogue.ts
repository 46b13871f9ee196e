import type { z } from 'zod';
import { SUBJECTS, type Subject } from '../subjects';
import { inventoryChanged } from './availability';
import { deliveryAssigned, deliveryCourierStatusChanged, deliveryDelivered, deliveryEscalated, deliveryOffered, deliveryPickedUp } from './delivery';
import { itemMissing, packed, pickingStarted, storeLoad, taskCreated } from './fulfillment';
import { orderConfirmed, orderStatusChanged } from './orders';
import { trackingEta, trackingPosition } from './tracking';

/** The subgraph that publishes a subject and owns its contract. */
export type EventOwner = 'availability' | 'orders' | 'fulfillment' | 'delivery' | 'tracking';

/** One subject's contract: who publishes it, the schema of its payload, and an example payload. */
export interface EventContract<S extends z.ZodType = z.ZodType, L extends boolean = boolean> {
  owner: EventOwner;
  schema: S;
  /**
   * Live subjects go over core NATS (`EventBus.publishLive`, never stored, no envelope); the others
   * through the outbox to JetStream.
   */
  live: L;
  /** A complete payload (every optional field set): the contract test's and the tests' sample. */
  example: z.output<S>;
}

const durable = <S extends z.ZodType>(owner: EventOwner, schema: S, example: z.output<S>): EventContract<S, false> => ({ owner, schema, live: false, example });
const live = <S extends z.ZodType>(owner: EventOwner, schema: S, example: z.output<S>): EventContract<S, true> => ({ owner, schema, live: true, example });

const at = '2026-11-20T10:00:00.000Z';
const later = '2026-11-20T10:15:00.000Z';

/**
 * The event catalogue: every subject's payload schema, owned by its publisher (the schemas live in
 * `contracts/<owner>.ts`). Publishers are typed by it (`enqueueEvent`, `publishLive`), consumers parse
 * with it on receipt (`startConsumer` dead-letters what does not parse) and the gateway's live fields
 * read its types. `contracts.test.ts` holds every change to the committed `contracts.snapshot.json`.
 */
export const EVENT_CONTRACTS = {
  [SUBJECTS.inventoryChanged]: durable('availability', inventoryChanged, {
    storeId: 'str_1',
    productId: 'prd_1',
    kind: 'RESERVE',
    delta: 0,
    reservedDelta: 2,
    reason: 'order ord_1',
    onHand: 10,
    reserved: 2,
    available: 8,
    actor: 'orders',
    adjustmentId: 'inv_1',
    reservationId: 'res_1',
    orderId: 'ord_1',
    changedAt: at,
  }),
  [SUBJECTS.ordersConfirmed]: durable('orders', orderConfirmed, {
    orderId: 'ord_1',
    customerId: 'cus_1',
    storeId: 'str_1',
    reservationId: 'res_1',
    items: [{ productId: 'prd_1', quantity: 2, unitPriceCents: 250, currency: 'EUR' }],
    totalCents: 500,
    currency: 'EUR',
    deliveryLocation: { lat: 52.52, lng: 13.405 },
    confirmedAt: at,
  }),
  [SUBJECTS.ordersStatusChanged]: durable('orders', orderStatusChanged, {
    orderId: 'ord_1',
    customerId: 'cus_1',
    storeId: 'str_1',
    from: 'PENDING',
    to: 'CONFIRMED',
    actor: 'cus_1',
    reason: null,
    at,
  }),
  [SUBJECTS.fulfillmentTaskCreated]: durable('fulfillment', taskCreated, {
    orderId: 'ord_1',
    taskId: 'tsk_1',
    storeId: 'str_1',
    items: [{ productId: 'prd_1', quantity: 2 }],
    promisedReadyAt: later,
    createdAt: at,
  }),
  [SUBJECTS.fulfillmentPickingStarted]: durable('fulfillment', pickingStarted, { orderId: 'ord_1', taskId: 'tsk_1', storeId: 'str_1', actor: 'stf_1', startedAt: at }),
  [SUBJECTS.fulfillmentItemMissing]: durable('fulfillment', itemMissing, {
    orderId: 'ord_1',
    taskId: 'tsk_1',
    storeId: 'str_1',
    productId: 'prd_1',
    quantity: 1,
    actor: 'stf_1',
    at,
  }),
  [SUBJECTS.fulfillmentPacked]: durable('fulfillment', packed, { orderId: 'ord_1', taskId: 'tsk_1', storeId: 'str_1', items: [{ productId: 'prd_1', quantity: 1 }], packedAt: at }),
  [SUBJECTS.fulfillmentStoreLoad]: durable('fulfillment', storeLoad, { storeId: 'str_1', openTasks: 3, at }),
  [SUBJECTS.deliveryOffered]: durable('delivery', deliveryOffered, {
    orderId: 'ord_1',
    deliveryId: 'del_1',
    offerId: 'off_1',
    courierId: 'cou_1',
    storeId: 'str_1',
    attempt: 1,
    expiresAt: later,
    at,
  }),
  [SUBJECTS.deliveryAssigned]: durable('delivery', deliveryAssigned, {
    orderId: 'ord_1',
    deliveryId: 'del_1',
    courierId: 'cou_1',
    storeId: 'str_1',
    storeLocation: { lat: 52.5, lng: 13.4 },
    dropoffLocation: { lat: 52.52, lng: 13.405 },
    vehicle: 'E_BIKE',
    at,
  }),
  [SUBJECTS.deliveryPickedUp]: durable('delivery', deliveryPickedUp, { orderId: 'ord_1', deliveryId: 'del_1', courierId: 'cou_1', at }),
  [SUBJECTS.deliveryDelivered]: durable('delivery', deliveryDelivered, { orderId: 'ord_1', deliveryId: 'del_1', courierId: 'cou_1', proof: 'photo:1', at }),
  [SUBJECTS.deliveryEscalated]: durable('delivery', deliveryEscalated, { orderId: 'ord_1', deliveryId: 'del_1', attempts: 5, reason: 'ATTEMPTS_EXHAUSTED', at }),
  [SUBJECTS.deliveryCourierStatusChanged]: durable('delivery', deliveryCourierStatusChanged, { courierId: 'cou_1', from: 'IDLE', to: 'OFFERED', at }),
  [SUBJECTS.trackingPosition]: live('tracking', trackingPosition, {
    courierId: 'cou_1',
    orderId: 'ord_1',
    lat: 52.51,
    lng: 13.4,
    heading: 90,
    speed: 4.5,
    recordedAt: at,
    eta: { orderId: 'ord_1', estimatedArrivalAt: later, minutesRemaining: 15 },
  }),
  [SUBJECTS.trackingEta]: live('tracking', trackingEta, { orderId: 'ord_1', courierId: 'cou_1', estimatedArrivalAt: later, minutesRemaining: 15, computedAt: at }),
} as const satisfies { [S in Subject]: EventContract };

type Contracts = typeof EVENT_CONTRACTS;

/** The payload of a subject, as its contract says. */
export type EventPayload<S extends Subject> = z.output<Contracts[S]['schema']>;

/** Subjects that travel through the outbox and JetStream (consumed with `startConsumer`). */
export type DurableSubject = { [S in Subject]: Contracts[S]['live'] extends true ? never : S }[Subject];

/** Subjects published over core NATS only (`EventBus.publishLive`). */
export type LiveSubject = Exclude<Subject, DurableSubject>;

/** The contract of `subject`. */
export const contractOf = <S extends Subject>(subject: S): Contracts[S] => EVENT_CONTRACTS[subject];
