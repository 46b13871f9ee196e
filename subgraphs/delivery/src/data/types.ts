export type VehicleType = 'BICYCLE' | 'E_BIKE' | 'SCOOTER' | 'CAR';
export type CourierStatus = 'OFFLINE' | 'IDLE' | 'OFFERED' | 'BUSY';
export type DeliveryStatus = 'OFFERED' | 'ASSIGNED' | 'PICKED_UP' | 'DELIVERED' | 'FAILED';
export type OfferStatus = 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'WITHDRAWN';
/**
 * Where dispatch is with an order: looking for a courier (WAITING), waiting for one courier's answer
 * (OFFERED), done (ASSIGNED), given up to admins (ESCALATED) or no longer wanted (CANCELLED).
 */
export type DispatchStatus = 'WAITING' | 'OFFERED' | 'ASSIGNED' | 'ESCALATED' | 'CANCELLED';
export type EscalationReason = 'ATTEMPTS_EXHAUSTED' | 'NO_COURIER_AVAILABLE';

/** Statuses in which the courier is carrying the order; a courier holds at most one such delivery. */
export const ACTIVE_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['ASSIGNED', 'PICKED_UP'];

/** A point on Earth (WGS 84). */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** A courier as delivery stores it. */
export interface CourierRecord {
  id: string;
  name: string;
  vehicle: VehicleType;
  /** Average customer rating, 1–5 with two decimals. */
  rating: number;
  status: CourierStatus;
  currentLoad: number;
  /** The store the courier usually works from (availability's id; no foreign key across subgraphs). */
  homeStoreId: string | null;
}

/** A courier with what dispatch ranks them by beyond their profile. */
export interface DispatchableCourierRecord extends CourierRecord {
  /** Since when the courier has been free (kept across offers they let pass); null when not free. */
  idleSince: Date | null;
}

/** A delivery as the seed and use cases write it. */
export interface DeliveryRecord {
  id: string;
  /** Orders' id; no foreign key across subgraphs. */
  orderId: string;
  courierId: string | null;
  status: DeliveryStatus;
  assignedAt: Date | null;
  pickedUpAt: Date | null;
  deliveredAt: Date | null;
  proofOfDelivery: string | null;
}

/** A delivery as read back: what was written plus when the row was created and last changed. */
export interface StoredDeliveryRecord extends DeliveryRecord {
  createdAt: Date;
  updatedAt: Date;
}

/** What dispatch knows about one order, gathered from orders' and fulfillment's events. */
export interface DispatchJobRecord {
  orderId: string;
  /** From orders.confirmed: who ordered (null until it arrives); for the access rules. */
  customerId: string | null;
  storeId: string | null;
  /** From availability, filled in by the dispatcher (null until looked up). */
  storeLocation: GeoPoint | null;
  /** From orders.confirmed (null until it arrives). */
  dropoffLocation: GeoPoint | null;
  confirmedAt: Date | null;
  /** From fulfillment.task_created: when the store expects the bag to be ready. */
  promisedReadyAt: Date | null;
  /** From fulfillment.packed. */
  packedAt: Date | null;
  status: DispatchStatus;
  /** Offers made so far. */
  attempts: number;
  /** Offers declined or expired so far. */
  misses: number;
  /** 0 = base search radius; each level doubles it (see `domain/dispatch-policy`). */
  radiusLevel: number;
  /** The order's current delivery, once the first offer created it. */
  deliveryId: string | null;
  /** When to look at this job again; null = now. */
  nextCheckAt: Date | null;
  /** When the order first needed a courier. */
  dueSince: Date | null;
  escalationReason: EscalationReason | null;
  escalatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An offer as stored, with the places it is about (from its dispatch job). */
export interface OfferRecord {
  id: string;
  orderId: string;
  deliveryId: string;
  courierId: string;
  attempt: number;
  status: OfferStatus;
  distanceMeters: number;
  etaSeconds: number;
  expiresAt: Date;
  createdAt: Date;
  closedAt: Date | null;
  storeId: string;
  storeLocation: GeoPoint;
  dropoffLocation: GeoPoint;
  readyAt: Date | null;
}

/** An offer about to be written. */
export interface NewOfferRecord {
  id: string;
  orderId: string;
  deliveryId: string;
  courierId: string;
  attempt: number;
  distanceMeters: number;
  etaSeconds: number;
  /** The acceptance window; the deadline is computed from the database clock, like the checks against it. */
  windowMs: number;
}

/** A courier's latest known position, as dispatch projects it from tracking's live feed. */
export interface CourierPositionRecord {
  courierId: string;
  lat: number;
  lng: number;
  recordedAt: Date;
}

/** A courier found near a point: how far, and when their position was reported. */
export interface NearbyCourier {
  courierId: string;
  distanceMeters: number;
  recordedAt: Date;
}

/** One nearest-first page of a radius search. */
export interface NearbyPage {
  /** Couriers with a fresh position, nearest first. */
  couriers: NearbyCourier[];
  /** Distance of the farthest courier the page looked at, fresh or not. */
  reachedMeters: number;
  /** True when nobody else is within the radius. */
  exhausted: boolean;
}
