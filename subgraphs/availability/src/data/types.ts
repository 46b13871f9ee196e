/** One day's opening window in the store's local time; `closes` before `opens` means it runs past midnight. */
export interface OpeningHoursRecord {
  /** 0 = Sunday … 6 = Saturday. */
  dayOfWeek: number;
  /** `HH:MM`, 24-hour clock. */
  opens: string;
  /** `HH:MM`, or `24:00` for the end of the day. */
  closes: string;
}

/** A dark store as availability stores it. */
export interface StoreRecord {
  id: string;
  name: string;
  lat: number;
  lng: number;
  address: string;
  deliveryRadiusMeters: number;
  /** How many orders the store can work on at once. */
  capacity: number;
  /** IANA zone, e.g. `Europe/Berlin`; opening hours are in this zone's local time. */
  timezone: string;
  openingHours: OpeningHoursRecord[];
}

/** Stock of one product in one store. The database keeps `0 <= reserved <= onHand`. */
export interface StockRecord {
  storeId: string;
  productId: string;
  onHand: number;
  reserved: number;
}

/** Free units (on hand − reserved) of one product in one store. */
export interface FreeStockRecord {
  storeId: string;
  productId: string;
  free: number;
}

/** One row of the inventory history: a stock change by staff, with the stock right after it. */
export interface InventoryAdjustmentRecord {
  /** `adj_<uuid>`; the uuid is also the id of the `inventory.changed` event it caused. */
  id: string;
  storeId: string;
  productId: string;
  delta: number;
  reason: string;
  onHandAfter: number;
  reservedAfter: number;
  /** The caller's subject. */
  actor: string;
  at: Date;
}

/** Every store with a fingerprint of the table it was read from, taken in one snapshot. */
export interface StoreSnapshot {
  stores: StoreRecord[];
  /** Changes whenever a store is added or updated: `count:max(updated_at)`. */
  signature: string;
}

/** What kind of stock change a history row records. */
export type InventoryChangeKind = 'ADJUSTMENT' | 'RESERVE' | 'RELEASE' | 'CONSUME';

/** Any row of the inventory history: staff adjustments and the changes reservations make. */
export interface InventoryChangeRecord {
  /** `adj_<uuid>` for adjustments, `inv_<uuid>` otherwise; the uuid is the id of the `inventory.changed` event. */
  id: string;
  storeId: string;
  productId: string;
  kind: InventoryChangeKind;
  /** Change of units on hand (only adjustments and packing move it). */
  delta: number;
  /** Change of units reserved. */
  reservedDelta: number;
  reason: string;
  onHandAfter: number;
  reservedAfter: number;
  actor: string;
  reservationId: string | null;
  at: Date;
}

/** A stock hold for one order, in one store. */
export interface ReservationRecord {
  /** `res_` and 20 random base32 characters (`newId`). */
  id: string;
  orderId: string;
  storeId: string;
  status: 'ACTIVE' | 'CONFIRMED' | 'RELEASED' | 'CONSUMED';
  /** Distance from the store to the delivery location when it was made, whole metres. */
  distanceMeters: number;
  expiresAt: Date;
  createdAt: Date;
  releasedReason: string | null;
}

/** One held line of a reservation. */
export interface ReservationItemRecord {
  reservationId: string;
  storeId: string;
  productId: string;
  quantity: number;
  /** Units that went into the bag; null until the reservation is consumed. */
  packedQuantity: number | null;
}
