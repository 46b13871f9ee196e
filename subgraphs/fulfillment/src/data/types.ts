/** Where a pick task is in the store's pick/pack flow. */
export type PickTaskStatus = 'QUEUED' | 'PICKING' | 'PACKED' | 'CANCELLED';

/** Every status, in flow order. */
export const PICK_TASK_STATUSES: readonly PickTaskStatus[] = ['QUEUED', 'PICKING', 'PACKED', 'CANCELLED'];

/** Statuses that still need staff work; they count towards a store's load. */
export const OPEN_PICK_TASK_STATUSES: readonly PickTaskStatus[] = ['QUEUED', 'PICKING'];

/** The work a store does for one order, as fulfillment stores it. */
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
