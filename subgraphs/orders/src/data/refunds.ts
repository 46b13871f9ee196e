import type { Knex } from '@qc/shared';
import type { LedgerEntry, RefundKind, RefundStatus } from '../domain/refunds';

export type { RefundKind, RefundStatus };

/**
 * One refund of an order's ledger. `id` is the key the provider de-duplicates on; the row is written
 * (OWED) before the provider is asked and marked REFUNDED once it confirms.
 */
export interface RefundRecord extends LedgerEntry {
  id: string;
  orderId: string;
  currency: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  refundedAt: Date | null;
}

interface Row {
  id: string;
  order_id: string;
  kind: RefundKind;
  amount_cents: number;
  currency: string;
  status: RefundStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  refunded_at: Date | null;
}

const COLUMNS = ['id', 'order_id', 'kind', 'amount_cents', 'currency', 'status', 'attempts', 'last_error', 'created_at', 'refunded_at'];

const toRecord = (row: Row): RefundRecord => ({
  id: row.id,
  orderId: row.order_id,
  kind: row.kind,
  amountCents: row.amount_cents,
  currency: row.currency.trim(),
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
  refundedAt: row.refunded_at,
});

/** `refunds`: the refund ledger, every refund of every order, owed or done. */
export class RefundRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Adds an OWED refund; a second insert of the same id changes nothing (its amount stays the first
   * one's). The caller holds the order's row lock, so the ledger it capped the amount against is current.
   */
  async insertOwed(r: { id: string; orderId: string; kind: RefundKind; amountCents: number; currency: string }): Promise<void> {
    await this.db('refunds')
      .insert({ id: r.id, order_id: r.orderId, kind: r.kind, amount_cents: r.amountCents, currency: r.currency, status: 'OWED' })
      .onConflict('id')
      .ignore();
  }

  async findById(id: string): Promise<RefundRecord | null> {
    const row = await this.db<Row>('refunds').select<Row[]>(COLUMNS).where('id', id).first();
    return row ? toRecord(row) : null;
  }

  /** The order's ledger, oldest first. */
  async findByOrderId(orderId: string): Promise<RefundRecord[]> {
    const rows = await this.db<Row>('refunds').select<Row[]>(COLUMNS).where('order_id', orderId).orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rows.map(toRecord);
  }

  /** Refunds still owed, oldest first (the retrier's work). */
  async findOwed(limit: number): Promise<RefundRecord[]> {
    const rows = await this.db<Row>('refunds').select<Row[]>(COLUMNS).where('status', 'OWED').orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(limit);
    return rows.map(toRecord);
  }

  /** True when this call moved it from OWED to REFUNDED (false: done already, by a concurrent run). */
  async markRefunded(id: string): Promise<boolean> {
    const n = await this.db('refunds').where({ id, status: 'OWED' }).update({ status: 'REFUNDED', refunded_at: this.db.fn.now(), attempts: this.db.raw('attempts + 1'), last_error: null });
    return n > 0;
  }

  /** Counts a refused attempt and keeps why, for support; the refund stays OWED. */
  async recordFailure(id: string, reason: string): Promise<void> {
    await this.db('refunds').where({ id, status: 'OWED' }).update({ attempts: this.db.raw('attempts + 1'), last_error: reason });
  }
}
