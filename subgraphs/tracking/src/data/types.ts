/** Where a courier was at a moment, as the courier's phone reported it. */
export interface PositionRecord {
  courierId: string;
  lat: number;
  lng: number;
  /** Degrees clockwise from north, 0 ≤ heading < 360. */
  heading: number | null;
  /** Metres per second, ≥ 0. */
  speed: number | null;
  recordedAt: Date;
}

/** A kept report as the courier sent it: the position plus how sure the phone was. */
export interface LocationReportRecord extends PositionRecord {
  /** Radius of the phone's confidence circle in metres, ≥ 0. */
  accuracy: number | null;
}

/** A kept report of a courier carrying an order: one row of that delivery's trail. */
export interface HistoryRecord extends LocationReportRecord {
  orderId: string;
}

/** A point on Earth in degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** Delivery's vehicle types; the ETA's default speed depends on it. */
export type VehicleType = 'BICYCLE' | 'E_BIKE' | 'SCOOTER' | 'CAR';

/** `TO_STORE` until the courier has the bag, then `TO_CUSTOMER`. */
export type DeliveryPhase = 'TO_STORE' | 'TO_CUSTOMER';

/**
 * A delivery under way as tracking knows it from delivery's and fulfillment's events. Locations are
 * null until `delivery.assigned` has been applied (a `picked_up` may be applied first).
 */
export interface ActiveDeliveryRecord {
  deliveryId: string;
  orderId: string;
  courierId: string;
  storeId: string | null;
  storeLocation: LatLng | null;
  dropoffLocation: LatLng | null;
  vehicle: VehicleType | null;
  phase: DeliveryPhase;
  /** When fulfillment promised the bag would be ready; null before its task is known. */
  promisedReadyAt: Date | null;
  /** When the bag was packed; null while it is still being prepared. */
  packedAt: Date | null;
}
