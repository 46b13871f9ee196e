import type { VehicleType } from '../data/types';

/** All times are ISO 8601 strings. */

/**
 * `tracking.position` (live, never stored): every kept courier report, with the order the courier
 * carries and its ETA when there is one. Delivery feeds its courier search from it; subscriptions push
 * it to the customer's tracking screen.
 */
export interface TrackingPositionEvent {
  courierId: string;
  orderId: string | null;
  lat: number;
  lng: number;
  heading: number | null;
  speed: number | null;
  recordedAt: string;
  eta: { orderId: string; estimatedArrivalAt: string; minutesRemaining: number } | null;
}

/** `tracking.eta` (live, never stored): an order's ETA changed (see `domain/eta.ts#etaChanged`). */
export interface TrackingEtaEvent {
  orderId: string;
  courierId: string | null;
  estimatedArrivalAt: string;
  minutesRemaining: number;
  computedAt: string;
}

// What tracking reads of other subgraphs' events (their publishers own the full types).

/**
 * `delivery.assigned`. `vehicle` is not in the issue-5 contract: read when delivery sends it, else the
 * ETA uses a default speed.
 */
export interface DeliveryAssignedEvent {
  orderId: string;
  deliveryId: string;
  courierId: string;
  storeId: string;
  storeLocation: { lat: number; lng: number };
  dropoffLocation: { lat: number; lng: number };
  vehicle?: VehicleType | null;
  at: string;
}

/** `delivery.picked_up`. */
export interface DeliveryPickedUpEvent {
  orderId: string;
  deliveryId: string;
  courierId: string;
  at: string;
}

/** `delivery.delivered` (tracking does not read `proof`). */
export interface DeliveryDeliveredEvent {
  orderId: string;
  deliveryId: string;
  courierId: string;
  at: string;
}

/** `orders.confirmed` (tracking reads only who ordered). */
export interface OrderConfirmedEvent {
  orderId: string;
  customerId: string;
}

/** `fulfillment.task_created` (tracking does not read `items`). */
export interface FulfillmentTaskCreatedEvent {
  orderId: string;
  taskId: string;
  storeId: string;
  promisedReadyAt: string;
  createdAt: string;
}

/** `fulfillment.packed` (tracking does not read `items`). */
export interface FulfillmentPackedEvent {
  orderId: string;
  taskId: string;
  storeId: string;
  packedAt: string;
}
