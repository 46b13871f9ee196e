import type { OrderPageKey } from '../data/orders';

/** A cursor decodes to the (placedAt, id) of the last order of the previous page; anything else is forged or stale. */
export const isOrderPageKey = (value: unknown): value is OrderPageKey =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as OrderPageKey).id === 'string' &&
  typeof (value as OrderPageKey).placedAt === 'string' &&
  !Number.isNaN(Date.parse((value as OrderPageKey).placedAt));

export const orderPageKey = (order: { placedAt: Date; id: string }): OrderPageKey => ({
  placedAt: order.placedAt.toISOString(),
  id: order.id,
});
