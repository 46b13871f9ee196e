import type { Knex } from '@qc/shared';
import { arrayParam } from './array-param';
import type { OrderStatus, OrderStatusChangeRecord } from './types';

interface StatusHistoryRow {
  order_id: string;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  actor: string;
  reason: string | null;
  at: Date;
}

const COLUMNS = ['order_id', 'from_status', 'to_status', 'actor', 'reason', 'at'];

const toRecord = (row: StatusHistoryRow): OrderStatusChangeRecord => ({
  orderId: row.order_id,
  from: row.from_status,
  to: row.to_status,
  actor: row.actor,
  reason: row.reason,
  at: row.at,
});

/** The append-only log of every order's status changes. */
export class OrderHistoryRepository {
  constructor(private readonly db: Knex) {}

  /** The history of these orders, each order's changes oldest first (ties in insertion order). */
  async findByOrderIds(orderIds: readonly string[]): Promise<OrderStatusChangeRecord[]> {
    const rows = await this.db<StatusHistoryRow>('order_status_history')
      .select<StatusHistoryRow[]>(COLUMNS)
      .whereIn('order_id', orderIds)
      .orderBy([{ column: 'order_id' }, { column: 'at' }, { column: 'id' }]);
    return rows.map(toRecord);
  }

  /** One statement for any number of changes; unnest yields rows in array order, so ids break ties in `at` as given. */
  async insertMany(records: readonly OrderStatusChangeRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.raw(
      `INSERT INTO order_status_history (order_id, from_status, to_status, actor, reason, at)
       SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])`,
      [
        arrayParam(records.map((r) => r.orderId)),
        arrayParam(records.map((r) => r.from)),
        arrayParam(records.map((r) => r.to)),
        arrayParam(records.map((r) => r.actor)),
        arrayParam(records.map((r) => r.reason)),
        arrayParam(records.map((r) => r.at)),
      ],
    );
  }
}
