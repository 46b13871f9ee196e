/**
 * The records the seed hands to each subgraph's repositories, spelled as the "Seed API" contract
 * says. They are declared here, not imported, so the generator stays a pure module that needs no
 * subgraph code; `load.ts` passes them to the real repositories, so tsc reports any drift.
 */

export interface CategoryRecord {
  id: string;
  name: string;
  slug: string;
}

export interface ProductRecord {
  id: string;
  sku: string;
  name: string;
  description: string;
  categoryId: string;
  priceCents: number;
  currency: string;
  imageUrl: string | null;
  tags: string[];
}

export interface OpeningHoursRecord {
  /** 0 = Sunday … 6 = Saturday. */
  dayOfWeek: number;
  /** Local time, "HH:MM". */
  opens: string;
  /** Local time, "HH:MM"; before `opens` for overnight hours, "23:59" for round-the-clock. */
  closes: string;
}

export interface StoreRecord {
  id: string;
  name: string;
  lat: number;
  lng: number;
  address: string;
  deliveryRadiusMeters: number;
  capacity: number;
  timezone: string;
  openingHours: OpeningHoursRecord[];
}

export interface StockRecord {
  storeId: string;
  productId: string;
  onHand: number;
  reserved: number;
}

export type OrderStatus =
  | 'PENDING'
  | 'CONFIRMED'
  | 'ASSIGNED_TO_STORE'
  | 'PICKING'
  | 'PACKED'
  | 'ASSIGNED_TO_COURIER'
  | 'PICKED_UP'
  | 'IN_TRANSIT'
  | 'DELIVERED'
  | 'PAYMENT_FAILED'
  | 'REJECTED'
  | 'CANCELLED'
  | 'REFUNDED';

export interface CustomerRecord {
  id: string;
  name: string;
  email: string;
}

export interface AddressRecord {
  line1: string;
  city: string;
  postalCode: string;
  lat: number;
  lng: number;
}

export interface OrderItemRecord {
  productId: string;
  quantity: number;
  unitPriceCents: number;
  currency: string;
}

export interface StatusChangeRecord {
  from: OrderStatus | null;
  to: OrderStatus;
  actor: string;
  reason: string | null;
  at: Date;
}

export interface OrderRecord {
  id: string;
  customerId: string;
  storeId: string | null;
  status: OrderStatus;
  currency: string;
  totalCents: number;
  address: AddressRecord;
  placedAt: Date;
  updatedAt: Date;
}

export interface NewOrderRecord extends OrderRecord {
  items: OrderItemRecord[];
  history: StatusChangeRecord[];
}

export type PickTaskStatus = 'QUEUED' | 'PICKING' | 'PACKED' | 'CANCELLED';

export interface PickTaskRecord {
  id: string;
  orderId: string;
  storeId: string;
  status: PickTaskStatus;
  promisedReadyAt: Date;
  startedAt: Date | null;
  packedAt: Date | null;
  createdAt: Date;
}

export type VehicleType = 'BICYCLE' | 'E_BIKE' | 'SCOOTER' | 'CAR';
export type CourierStatus = 'OFFLINE' | 'IDLE' | 'OFFERED' | 'BUSY';
export type DeliveryStatus = 'OFFERED' | 'ASSIGNED' | 'PICKED_UP' | 'DELIVERED' | 'FAILED';

export interface CourierRecord {
  id: string;
  name: string;
  vehicle: VehicleType;
  rating: number;
  status: CourierStatus;
  currentLoad: number;
  homeStoreId: string | null;
}

export interface DeliveryRecord {
  id: string;
  orderId: string;
  courierId: string | null;
  status: DeliveryStatus;
  assignedAt: Date | null;
  pickedUpAt: Date | null;
  deliveredAt: Date | null;
  proofOfDelivery: string | null;
}

export interface PositionRecord {
  courierId: string;
  lat: number;
  lng: number;
  heading: number | null;
  speed: number | null;
  recordedAt: Date;
}
