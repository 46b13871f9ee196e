import type { Knex } from '@qc/shared';

export type PaymentStatus = 'AUTHORIZED' | 'FAILED' | 'REFUNDED';

/** The payment behind an order: what the provider authorized (or why it did not), and its refund. */
export interface PaymentRecord {
  orderId: string;
  provider: string;
  method: string;
  /** Null when nothing was authorized. */
  providerPaymentId: string | null;
  amountCents: number;
  currency: string;
  status: PaymentStatus;
  failureReason: string | null;
}

interface PaymentRow {
  order_id: string;
  provider: string;
  method: string;
  provider_payment_id: string | null;
  amount_cents: number;
  currency: string;
  status: PaymentStatus;
  failure_reason: string | null;
}

const COLUMNS = ['order_id', 'provider', 'method', 'provider_payment_id', 'amount_cents', 'currency', 'status', 'failure_reason'];

const toRecord = (row: PaymentRow): PaymentRecord => ({
  orderId: row.order_id,
  provider: row.provider,
  method: row.method,
  providerPaymentId: row.provider_payment_id,
  amountCents: row.amount_cents,
  currency: row.currency,
  status: row.status,
  failureReason: row.failure_reason,
});

/** Payments in Postgres, one per order. */
export class PaymentRepository {
  constructor(private readonly db: Knex) {}

  async insert(record: PaymentRecord): Promise<void> {
    await this.db('payments').insert({
      order_id: record.orderId,
      provider: record.provider,
      method: record.method,
      provider_payment_id: record.providerPaymentId,
      amount_cents: record.amountCents,
      currency: record.currency,
      status: record.status,
      failure_reason: record.failureReason,
    });
  }

  async findByOrderId(orderId: string): Promise<PaymentRecord | null> {
    const row = await this.db<PaymentRow>('payments').select<PaymentRow[]>(COLUMNS).where('order_id', orderId).first();
    return row ? toRecord(row) : null;
  }

  async markRefunded(orderId: string): Promise<void> {
    await this.db('payments').where({ order_id: orderId, status: 'AUTHORIZED' }).update({ status: 'REFUNDED', updated_at: this.db.fn.now() });
  }

  /** Payments of cancelled orders not fully refunded yet (some refund owed, or the cancellation refund not yet in the ledger). */
  async findOwedRefunds(limit: number): Promise<PaymentRecord[]> {
    const rows = await this.db<PaymentRow>('payments as p')
      .join('orders as o', 'o.id', 'p.order_id')
      .select<PaymentRow[]>(COLUMNS.map((c) => `p.${c}`))
      .where('p.status', 'AUTHORIZED')
      .andWhere('o.status', 'CANCELLED')
      .orderBy('o.updated_at')
      .limit(limit);
    return rows.map(toRecord);
  }
}
