import type { QueuePageKey } from '../data';

/** A cursor decodes to the (promisedReadyAt, id) of the last task of the previous page; anything else is forged or stale. */
export const isQueuePageKey = (value: unknown): value is QueuePageKey =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as QueuePageKey).id === 'string' &&
  typeof (value as QueuePageKey).promisedReadyAt === 'string' &&
  !Number.isNaN(Date.parse((value as QueuePageKey).promisedReadyAt));

export const queuePageKey = (task: { promisedReadyAt: Date; id: string }): QueuePageKey => ({
  promisedReadyAt: task.promisedReadyAt.toISOString(),
  id: task.id,
});
