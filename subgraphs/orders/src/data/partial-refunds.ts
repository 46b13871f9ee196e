import type { Knex } from '@qc/shared';

export type PartialRefundStatus = 'REFUNDED' | 'OWED' | 'NOT_CHARGED';

/**
 * Money given back for items fulfillment could not find (one per `fulfillment.item_missing` event).
 * `refundId` is the ledger entry (`refunds`) that pays it; null when nothing was charged or nothing was
 * left to give back. `status` follows that entry: OWED until the provider confirms it, then REFUNDED.
 */
export interface PartialRefundRecord {
  eventId: string;
  orderId: string;
  productId: string;
  quantity: number;
  amountCents: number;
  currency: string;
  status: PartialRefundStatus;
  actor: string;
  refundId: string | null;
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
  refund_id: string | null;
}

const COLUMNS = ['event_id', 'order_id', 'product_id', 'quantity', 'amount_cents', 'currency', 'status', 'actor', 'refund_id'];

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
      refund_id: r.refundId,
    });
  }

  async findByOrderId(orderId: string): Promise<PartialRefundRecord[]> {
    const rows = await this.db<Row>('partial_refunds').select<Row[]>(COLUMNS).where('order_id', orderId).orderBy('at');
    return rows.map((r) => ({
      eventId: r.event_id,
      orderId: r.order_id,
      productId: r.product_id,
      quantity: r.quantity,
      amountCents: r.amount_cents,
      currency: r.currency.trim(),
      status: r.status,
      actor: r.actor,
      refundId: r.refund_id,
    }));
  }

  /** The ledger entry paying it went through; called in the same transaction that marks the entry. */
  async markRefunded(refundId: string): Promise<void> {
    await this.db('partial_refunds').where({ refund_id: refundId, status: 'OWED' }).update({ status: 'REFUNDED' });
  }
}
