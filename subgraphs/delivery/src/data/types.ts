export type VehicleType = 'BICYCLE' | 'E_BIKE' | 'SCOOTER' | 'CAR';
export type CourierStatus = 'OFFLINE' | 'IDLE' | 'OFFERED' | 'BUSY';
export type DeliveryStatus = 'OFFERED' | 'ASSIGNED' | 'PICKED_UP' | 'DELIVERED' | 'FAILED';

/** Statuses in which the courier is carrying the order; a courier holds at most one such delivery. */
export const ACTIVE_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['ASSIGNED', 'PICKED_UP'];

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
