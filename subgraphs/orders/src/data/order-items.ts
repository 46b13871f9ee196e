import type { Knex } from '@qc/shared';
import { arrayParam } from './array-param';
import type { OrderLineRecord } from './types';

interface OrderItemRow {
  order_id: string;
  line: number;
  product_id: string;
  quantity: number;
  unit_price_cents: number;
  currency: string;
}

const COLUMNS = ['order_id', 'line', 'product_id', 'quantity', 'unit_price_cents', 'currency'];

const toRecord = (row: OrderItemRow): OrderLineRecord => ({
  orderId: row.order_id,
  line: row.line,
  productId: row.product_id,
  quantity: row.quantity,
  unitPriceCents: row.unit_price_cents,
  currency: row.currency,
});

/** Order items in Postgres, one row per line. */
export class OrderItemRepository {
  constructor(private readonly db: Knex) {}

  /** Every line of these orders, each order's lines in line order. */
  async findByOrderIds(orderIds: readonly string[]): Promise<OrderLineRecord[]> {
    const rows = await this.db<OrderItemRow>('order_items')
      .select<OrderItemRow[]>(COLUMNS)
      .whereIn('order_id', orderIds)
      .orderBy([{ column: 'order_id' }, { column: 'line' }]);
    return rows.map(toRecord);
  }

  /**
   * One statement however many lines: a column per array keeps the bind parameters at six, where a
   * multi-row VALUES list would pass Postgres's 65,535-parameter limit on a 5,000-order batch.
   */
  async insertMany(records: readonly OrderLineRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.raw(
      `INSERT INTO order_items (order_id, line, product_id, quantity, unit_price_cents, currency)
       SELECT * FROM unnest(?::text[], ?::int[], ?::text[], ?::int[], ?::int[], ?::text[])`,
      [
        arrayParam(records.map((r) => r.orderId)),
        arrayParam(records.map((r) => r.line)),
        arrayParam(records.map((r) => r.productId)),
        arrayParam(records.map((r) => r.quantity)),
        arrayParam(records.map((r) => r.unitPriceCents)),
        arrayParam(records.map((r) => r.currency)),
      ],
    );
  }
}
