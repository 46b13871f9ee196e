import type { OrderItemRecord } from '../data/types';

/** An amount of money in minor units; the shape of the schema's `Money`. */
export interface Money {
  amountCents: number;
  currency: string;
}

/** What one line costs: quantity times the price at order time, in that price's currency. */
export const lineTotal = (item: Pick<OrderItemRecord, 'quantity' | 'unitPriceCents' | 'currency'>): Money => ({
  amountCents: item.quantity * item.unitPriceCents,
  currency: item.currency,
});
