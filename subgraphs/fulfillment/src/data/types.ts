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
  /** Who ordered (from orders.confirmed), for the access rules; null or absent when not known. */
  customerId?: string | null;
  storeId: string;
  status: PickTaskStatus;
  promisedReadyAt: Date;
  startedAt: Date | null;
  packedAt: Date | null;
  createdAt: Date;
}

/** One line of a pick task: a product of the order, its ordered units and those reported missing. */
export interface PickTaskItemRecord {
  taskId: string;
  productId: string;
  quantity: number;
  missingQuantity: number;
}

/** Where a page of a store's queue starts: after the task with this promise and id. */
export interface QueuePageKey {
  /** ISO 8601; the column holds milliseconds only (written from JS dates), so this round-trips exactly. */
  promisedReadyAt: string;
  id: string;
}

/** One page of a store's tasks of some statuses, most urgent first. */
export interface QueuePageQuery {
  storeId: string;
  statuses: readonly PickTaskStatus[];
  first: number;
  after: QueuePageKey | null;
}

/** A status change of a task; the timestamps given are set, the others left as they are. */
export interface PickTaskChange {
  status: PickTaskStatus;
  at: Date;
  startedAt?: Date;
  packedAt?: Date;
}
