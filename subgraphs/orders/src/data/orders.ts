import { builtOutboxSql, builtOutboxValues, checkedPayload, outboxSql, outboxValues, preparedStatement, SUBJECTS, type Knex, type OutboxEvent } from '@qc/shared';
import { arrayParam } from './array-param';
import { OrderHistoryRepository } from './order-history';
import { OrderItemRepository } from './order-items';
import type { NewOrderRecord, OrderRecord, OrderStatus, StatusChangeRecord } from './types';

interface OrderRow {
  id: string;
  customer_id: string;
  store_id: string | null;
  courier_id: string | null;
  status: OrderStatus;
  currency: string;
  total_cents: number;
  delivery_line1: string;
  delivery_city: string;
  delivery_postal_code: string;
  delivery_lat: number;
  delivery_lng: number;
  placed_at: Date;
  updated_at: Date;
}

const COLUMNS = [
  'id',
  'customer_id',
  'store_id',
  'courier_id',
  'status',
  'currency',
  'total_cents',
  'delivery_line1',
  'delivery_city',
  'delivery_postal_code',
  'delivery_lat',
  'delivery_lng',
  'placed_at',
  'updated_at',
];

const toRecord = (row: OrderRow): OrderRecord => ({
  id: row.id,
  customerId: row.customer_id,
  storeId: row.store_id,
  courierId: row.courier_id,
  status: row.status,
  currency: row.currency,
  totalCents: row.total_cents,
  address: {
    line1: row.delivery_line1,
    city: row.delivery_city,
    postalCode: row.delivery_postal_code,
    lat: row.delivery_lat,
    lng: row.delivery_lng,
  },
  placedAt: row.placed_at,
  updatedAt: row.updated_at,
});

/** A status move, its history entry and its events (the outbox rows and the commit notification, `outboxSql`), in one statement. */
const MOVE_OUTBOX = outboxSql(7);
const moveStatusStatement = preparedStatement(
  'orders_move_status',
  `WITH moved AS (UPDATE orders SET status = $2, updated_at = $3 WHERE id = $1 RETURNING id),
   history AS (
     INSERT INTO order_status_history (order_id, from_status, to_status, actor, reason, at)
     SELECT id, $4, $2, $5, $6, $3 FROM moved
   ), ${MOVE_OUTBOX.written}
   SELECT ${MOVE_OUTBOX.notify}`,
);

/**
 * A status event's move in one statement: the order read and locked, with whether it has deferred
 * targets, and — when it is in one of the statuses `$4` (those the caller's state machine moves to `$2`
 * from) and has no deferred targets — `moveStatus`'s move, history entry and `orders.status_changed`, its payload built here from
 * the locked row (what `transition` would write: `at` never before the previous change). Answers the
 * row as it was locked, and the payload when it moved. `at` as `toISOString` writes it (the column keeps
 * milliseconds).
 */
const ADVANCE_OUTBOX = builtOutboxSql(7, 'event');
const advanceStatement = preparedStatement<OrderRow & { has_deferred: boolean; payload: Record<string, unknown> | null }>(
  'orders_advance',
  `WITH cur AS (
     SELECT ${COLUMNS.join(', ')}, EXISTS (SELECT 1 FROM deferred_transitions d WHERE d.order_id = orders.id) AS has_deferred
     FROM orders WHERE id = $1 FOR UPDATE OF orders
   ),
   moved AS (
     UPDATE orders o SET status = $2, updated_at = greatest($3::timestamptz, cur.updated_at)
     FROM cur WHERE o.id = cur.id AND cur.status = ANY($4::text[]) AND NOT cur.has_deferred
     RETURNING o.id, o.updated_at AS at, cur.status AS from_status, cur.customer_id, cur.store_id
   ),
   history AS (
     INSERT INTO order_status_history (order_id, from_status, to_status, actor, reason, at)
     SELECT id, from_status, $2, $5, $6, at FROM moved
   ),
   event AS (
     SELECT jsonb_build_object(
       'orderId', id, 'customerId', customer_id, 'storeId', store_id, 'from', from_status, 'to', $2::text, 'actor', $5::text, 'reason', $6::text,
       'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
     ) AS payload FROM moved
   ), ${ADVANCE_OUTBOX.written}
   SELECT cur.*, event.payload, ${ADVANCE_OUTBOX.notify} AS notified FROM cur LEFT JOIN event ON true`,
);

/** Where a page of a customer's orders starts: after the order with this placement time and id. */
export interface OrderPageKey {
  /** ISO 8601; the column keeps milliseconds only, so this round-trips exactly. */
  placedAt: string;
  id: string;
}

export interface CustomerOrderPageQuery {
  customerId: string;
  first: number;
  after: OrderPageKey | null;
}

/** Orders in Postgres. Every method takes the knex (or a transaction) it was built with. */
export class OrderRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Orders placed since `recentSince` and since `daySince`, and the order-to-door seconds of every order
   * delivered since `daySince`, at the median (null when none was).
   */
  async activitySince(recentSince: Date, daySince: Date): Promise<{ recent: number; today: number; deliveredToday: number; medianToDoorSeconds: number | null }> {
    const { rows } = await this.db.raw<{ rows: { recent: string; today: string; delivered: string; median: number | null }[] }>(
      `SELECT
         (SELECT count(*) FROM orders WHERE placed_at >= ?) AS recent,
         (SELECT count(*) FROM orders WHERE placed_at >= ?) AS today,
         count(*) AS delivered,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM h.at - o.placed_at)) AS median
       FROM order_status_history h JOIN orders o ON o.id = h.order_id
       WHERE h.to_status = 'DELIVERED' AND h.at >= ?`,
      [recentSince, daySince, daySince],
    );
    const row = rows[0]!;
    return { recent: Number(row.recent), today: Number(row.today), deliveredToday: Number(row.delivered), medianToDoorSeconds: row.median === null ? null : Number(row.median) };
  }

  async findByIds(ids: readonly string[]): Promise<OrderRecord[]> {
    const rows = await this.db<OrderRow>('orders').select<OrderRow[]>(COLUMNS).whereIn('id', ids);
    return rows.map(toRecord);
  }

  /** The customers' orders still under way (not in one of `finished`), for the access rules on their data. */
  async findUnfinishedByCustomerIds(customerIds: readonly string[], finished: readonly OrderStatus[]): Promise<OrderRecord[]> {
    const rows = await this.db<OrderRow>('orders').select<OrderRow[]>(COLUMNS).whereIn('customer_id', customerIds).whereNotIn('status', finished);
    return rows.map(toRecord);
  }

  /**
   * One page of a customer's orders, newest first by (placed_at, id), plus one extra row that says
   * whether another page follows. Served by the (customer_id, placed_at desc, id desc) index.
   */
  async pageByCustomer(query: CustomerOrderPageQuery): Promise<{ rows: OrderRecord[]; totalCount: number }> {
    const pageQuery = this.db<OrderRow>('orders')
      .select<OrderRow[]>(COLUMNS)
      .where('customer_id', query.customerId)
      .orderBy([
        { column: 'placed_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.first + 1);
    if (query.after) pageQuery.whereRaw('(placed_at, id) < (?::timestamptz, ?)', [query.after.placedAt, query.after.id]);
    const countQuery = this.db('orders').where('customer_id', query.customerId).count<{ count: string }[]>('* as count');
    const [rows, count] = await Promise.all([pageQuery, countQuery]);
    return { rows: rows.map(toRecord), totalCount: Number(count[0]?.count ?? 0) };
  }

  /**
   * Locks the order's row until the end of the caller's transaction (SELECT … FOR UPDATE), so status
   * changes of one order are applied one after the other. Null when it does not exist.
   */
  async lockById(id: string): Promise<OrderRecord | null> {
    const row = await this.db<OrderRow>('orders').select<OrderRow[]>(COLUMNS).where('id', id).forUpdate().first();
    return row ? toRecord(row) : null;
  }

  /**
   * `lockById`, whether deferred targets of the order wait in `deferred_transitions`, and the move to `to`
   * when the order is in one of `from` and has none (`advanceStatement`), in one round trip: `moved` says
   * whether it moved. Otherwise nothing changed but the lock, and the caller decides on the order as
   * locked (deferred rows are only written under this lock, so `hasDeferred` holds until the caller
   * writes one). The event's payload is checked against its contract before this returns (a broken one
   * throws: the caller's transaction fails, and nothing of it is written).
   */
  async advance(id: string, to: OrderStatus, from: readonly OrderStatus[], actor: string, reason: string | null): Promise<{ order: OrderRecord; hasDeferred: boolean; moved: boolean } | null> {
    const [row] = await advanceStatement(this.db, [id, to, new Date(), [...from], actor, reason, ...builtOutboxValues(SUBJECTS.ordersStatusChanged)]);
    if (!row) return null;
    if (row.payload) checkedPayload(SUBJECTS.ordersStatusChanged, row.payload);
    return { order: toRecord(row), hasDeferred: row.has_deferred, moved: row.payload !== null };
  }

  /**
   * Sets status and updated_at, appends the change to the history and writes the change's events to the
   * outbox (contracts checked first, as `enqueueEvents` does), in one statement (one round trip instead of
   * three); the caller holds the row lock and has checked the move.
   */
  async moveStatus(id: string, change: StatusChangeRecord, events: readonly OutboxEvent[]): Promise<void> {
    await moveStatusStatement(this.db, [id, change.to, change.at, change.from, change.actor, change.reason, ...outboxValues(events).values]);
  }

  /** Records the courier delivery assigned; the caller holds the row lock. */
  async setCourier(id: string, courierId: string): Promise<void> {
    await this.db('orders').where('id', id).update({ courier_id: courierId });
  }

  /**
   * Writes orders with their items and history in one transaction, one statement per table.
   * Orders whose id already exists are skipped with everything they carry, so a re-run is safe.
   */
  async insertMany(records: readonly NewOrderRecord[]): Promise<void> {
    if (records.length === 0) return;
    // A repeated id inside one call would otherwise write its items twice under the one order kept.
    const seen = new Set<string>();
    const unique = records.filter((r) => !seen.has(r.id) && seen.add(r.id));
    await this.db.transaction(async (trx) => {
      const result = await trx.raw<{ rows: { id: string }[] }>(
        `INSERT INTO orders (id, customer_id, store_id, courier_id, status, currency, total_cents, delivery_line1, delivery_city,
                             delivery_postal_code, delivery_lat, delivery_lng, placed_at, updated_at)
         SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[],
                              ?::text[], ?::float8[], ?::float8[], ?::timestamptz[], ?::timestamptz[])
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
        [
          arrayParam(unique.map((r) => r.id)),
          arrayParam(unique.map((r) => r.customerId)),
          arrayParam(unique.map((r) => r.storeId)),
          arrayParam(unique.map((r) => r.courierId)),
          arrayParam(unique.map((r) => r.status)),
          arrayParam(unique.map((r) => r.currency)),
          arrayParam(unique.map((r) => r.totalCents)),
          arrayParam(unique.map((r) => r.address.line1)),
          arrayParam(unique.map((r) => r.address.city)),
          arrayParam(unique.map((r) => r.address.postalCode)),
          arrayParam(unique.map((r) => r.address.lat)),
          arrayParam(unique.map((r) => r.address.lng)),
          arrayParam(unique.map((r) => r.placedAt)),
          arrayParam(unique.map((r) => r.updatedAt)),
        ],
      );
      const inserted = new Set(result.rows.map((r) => r.id));
      const fresh = unique.filter((r) => inserted.has(r.id));
      await new OrderItemRepository(trx).insertMany(
        fresh.flatMap((order) => order.items.map((item, i) => ({ ...item, orderId: order.id, line: i + 1 }))),
      );
      await new OrderHistoryRepository(trx).insertMany(
        fresh.flatMap((order) => order.history.map((change) => ({ ...change, orderId: order.id }))),
      );
    });
  }
}
