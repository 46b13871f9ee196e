import type { Knex } from '@qc/shared';

export type PartialRefundStatus = 'REFUNDED' | 'OWED' | 'NOT_CHARGED';

/** Money given back for items fulfillment could not find (one per `fulfillment.item_missing` event). */
export interface PartialRefundRecord {
  eventId: string;
  orderId: string;
  productId: string;
  quantity: number;
  amountCents: number;
  currency: string;
  status: PartialRefundStatus;
  actor: string;
}

interface Row {
  event_id: string;
  order_id: string;
  product_id: string;
  quantity: number;
  amount_cents: number;
  currency: string;
  status: PartialRefundStatus;
  actor: string;
}

/** `partial_refunds` in Postgres. */
export class PartialRefundRepository {
  constructor(private readonly db: Knex) {}

  async insert(r: PartialRefundRecord): Promise<void> {
    await this.db('partial_refunds').insert({
      event_id: r.eventId,
      order_id: r.orderId,
      product_id: r.productId,
      quantity: r.quantity,
      amount_cents: r.amountCents,
      currency: r.currency,
      status: r.status,
      actor: r.actor,
    });
  }

  async findByOrderId(orderId: string): Promise<PartialRefundRecord[]> {
    const rows = await this.db<Row>('partial_refunds').select<Row[]>('*').where('order_id', orderId).orderBy('at');
    return rows.map((r) => ({
      eventId: r.event_id,
      orderId: r.order_id,
      productId: r.product_id,
      quantity: r.quantity,
      amountCents: r.amount_cents,
      currency: r.currency.trim(),
      status: r.status,
      actor: r.actor,
    }));
  }

  /** What was already given back (or is owed) for this order, in cents. */
  async totalCents(orderId: string): Promise<number> {
    const row = await this.db('partial_refunds').where('order_id', orderId).whereIn('status', ['REFUNDED', 'OWED']).sum<{ sum: string | null }>('amount_cents as sum').first();
    return Number(row?.sum ?? 0);
  }
}
