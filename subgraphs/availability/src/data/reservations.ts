import { isUniqueViolation, preparedStatement, type Knex } from '@qc/shared';
import { toChange, type HistoryRow } from './history';
import type { FreeStockRecord, InventoryChangeRecord, ReservationItemRecord, ReservationRecord } from './types';

interface ReservationRow {
  id: string;
  order_id: string;
  store_id: string;
  status: ReservationRecord['status'];
  distance_m: number;
  expires_at: Date;
  created_at: Date;
  released_reason: string | null;
}

interface ItemRow {
  reservation_id: string;
  store_id: string;
  product_id: string;
  quantity: number;
  packed_quantity: number | null;
}

const COLUMNS = ['id', 'order_id', 'store_id', 'status', 'distance_m', 'expires_at', 'created_at', 'released_reason'];
const ITEM_COLUMNS = ['reservation_id', 'store_id', 'product_id', 'quantity', 'packed_quantity'];

const toRecord = (row: ReservationRow): ReservationRecord => ({
  id: row.id,
  orderId: row.order_id,
  storeId: row.store_id,
  status: row.status,
  distanceMeters: row.distance_m,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
  releasedReason: row.released_reason,
});

const toItem = (row: ItemRow): ReservationItemRecord => ({
  reservationId: row.reservation_id,
  storeId: row.store_id,
  productId: row.product_id,
  quantity: row.quantity,
  packedQuantity: row.packed_quantity,
});

/** The unique index that makes a reservation per order unique; a violation of it means "someone else got there first". */
export const ORDER_UNIQUE_CONSTRAINT = 'reservations_order_id_unique';

/** Whether a Postgres error is the second reservation for one order. */
export const isDuplicateOrder = (error: unknown): boolean => isUniqueViolation(error, ORDER_UNIQUE_CONSTRAINT);

export interface NewReservation {
  id: string;
  orderId: string;
  storeId: string;
  distanceMeters: number;
  ttlSeconds: number;
  requestedBy: string;
}

/** A reservation to make with its lines, each line with the id of the history row (and event) its hold writes. */
export interface NewHold extends NewReservation {
  lines: readonly { productId: string; quantity: number; changeId: string }[];
  /** The history rows' reason. */
  reason: string;
}

type HoldRow = HistoryRow & { r_id: string; r_order_id: string; r_status: ReservationRecord['status']; r_distance_m: number; r_expires_at: Date; r_created_at: Date };

/**
 * {@link ReservationRepository.hold}'s one statement, a named prepared statement (one text whatever the
 * number of lines: arrays, not lists). The reservation row goes first: `locked` reads its store from it,
 * so a concurrent duplicate waits on the unique order id before it locks any stock, then fails.
 *
 * `locked` is MATERIALIZED so it runs once, whole, as written: it is the step that takes the stock locks,
 * in product order (the order every writer locks stock rows in, so two reservations never deadlock), and
 * reads the rows after any wait. Everything after it goes by what `locked` read, never by the statement's
 * snapshot, which was taken before any wait: a release or restock committed while the statement waited
 * for a row is in `locked` (READ COMMITTED re-reads a row once its lock is granted) but not in the
 * snapshot the UPDATE's own scan reads. So the UPDATE filters on nothing but `enough` (a one-time
 * condition, evaluated before it touches a row), and writes both counts from `locked`: Postgres builds
 * the new row from the snapshot's version first and checks the CHECKs on it before it finds the row
 * changed and re-reads it, so a count taken from that version could fail `stock_reserved_within_on_hand`
 * (or a filter on it drop a line that is free). Writing `on_hand` back changes nothing: the row is
 * locked, so it is what `locked` read until the commit. The CHECK stays the last line of defence.
 * Tested in repositories.test.ts ('while another transaction changes a line').
 *
 * The lines and the history rows are written from `held`, so a hold that is short writes neither and
 * the statement returns no row (the caller rolls the reservation back); otherwise one row per line,
 * its history row with the reservation, in product order.
 */
const holdStatement = preparedStatement<HoldRow>(
  'availability_hold',
  `WITH reservation AS (
     INSERT INTO reservations (id, order_id, store_id, status, distance_m, requested_by, expires_at)
     VALUES ($1, $2, $3, 'ACTIVE', $4::int, $5, now() + make_interval(secs => $6::float8))
     RETURNING id, order_id, store_id, status, distance_m, expires_at, created_at
   ), wanted AS (
     SELECT * FROM unnest($7::text[], $8::int[], $9::text[]) AS w(product_id, quantity, change_id)
   ), locked AS MATERIALIZED (
     SELECT product_id, on_hand, reserved FROM stock
     WHERE store_id = (SELECT store_id FROM reservation) AND product_id = ANY($7::text[])
     ORDER BY product_id
     FOR UPDATE
   ), enough AS (
     SELECT count(*) = $10::int AS ok FROM locked JOIN wanted USING (product_id) WHERE locked.on_hand - locked.reserved >= wanted.quantity
   ), held AS (
     UPDATE stock AS s SET on_hand = l.on_hand, reserved = l.reserved + w.quantity, updated_at = now()
     FROM wanted AS w JOIN locked AS l USING (product_id)
     WHERE s.store_id = $3 AND s.product_id = w.product_id AND (SELECT ok FROM enough)
     RETURNING s.product_id, s.on_hand, s.reserved
   ), items AS (
     INSERT INTO reservation_items (reservation_id, store_id, product_id, quantity)
     SELECT $1, $3, w.product_id, w.quantity FROM held JOIN wanted AS w USING (product_id)
   ), history AS (
     INSERT INTO inventory_history (id, store_id, product_id, kind, delta, reserved_delta, reason, on_hand_after, reserved_after, actor, reservation_id)
     SELECT w.change_id, $3, w.product_id, 'RESERVE', 0, w.quantity, $11, h.on_hand, h.reserved, $5, $1 FROM held AS h JOIN wanted AS w USING (product_id)
     RETURNING id, store_id, product_id, kind, delta, reserved_delta, reason, on_hand_after, reserved_after, actor, reservation_id, created_at
   )
   SELECT h.*, r.id AS r_id, r.order_id AS r_order_id, r.status AS r_status, r.distance_m AS r_distance_m, r.expires_at AS r_expires_at, r.created_at AS r_created_at
   FROM history AS h CROSS JOIN reservation AS r
   ORDER BY h.product_id`,
);

// One per placed order each (the reservation, its confirmation, the orders.confirmed batch): prepared statements.
const findByOrderIdStatement = preparedStatement<ReservationRow>('availability_reservation_by_order', `SELECT ${COLUMNS.join(', ')} FROM reservations WHERE order_id = $1`);
// A placement's first read: its order's reservation (a retry's) and the free units to choose a store by, together.
const findWithFreeUnitsStatement = preparedStatement<Partial<ReservationRow> & { store_id: string; product_id: string | null; free: number | null }>(
  'availability_reservation_and_free_units',
  `SELECT ${COLUMNS.join(', ')}, NULL::text AS product_id, NULL::int AS free FROM reservations WHERE order_id = $1
   UNION ALL
   SELECT NULL, NULL, store_id, NULL, NULL, NULL, NULL, NULL, product_id, on_hand - reserved
   FROM stock WHERE store_id = ANY($2::text[]) AND product_id = ANY($3::text[])`,
);
const confirmStatement = preparedStatement<{ status: ReservationRecord['status'] | null }>(
  'availability_confirm_reservation',
  `WITH confirmed AS (
     UPDATE reservations SET status = 'CONFIRMED', confirmed_at = now(), updated_at = now()
     WHERE order_id = $1 AND status = 'ACTIVE'
     RETURNING status
   )
   SELECT coalesce((SELECT status FROM confirmed), (SELECT status FROM reservations WHERE order_id = $1 FOR SHARE)) AS status`,
);
const confirmManyStatement = preparedStatement<{ id: string }>(
  'availability_confirm_reservations',
  `UPDATE reservations SET status = 'CONFIRMED', confirmed_at = now(), updated_at = now()
   WHERE id IN (SELECT id FROM reservations WHERE order_id = ANY($1::text[]) AND status = 'ACTIVE' ORDER BY order_id FOR UPDATE)
   AND status = 'ACTIVE'
   RETURNING id`,
);

/** Reservations and their lines. Every method uses the knex (or transaction) it was built with. */
export class ReservationRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Makes an ACTIVE reservation expiring `ttlSeconds` from now (database time, the clock the sweeper
   * reads) and holds every line in its store, all or nothing, with its lines and its history rows: one
   * statement, one round trip, whatever the number of lines (see `holdStatement`). Null when a line does
   * not exist there or has fewer free units than asked: then no unit is held, but the reservation row is
   * written, so call inside a transaction and roll back on null. A second reservation for the same order
   * fails on the unique order id ({@link isDuplicateOrder}); while the first is uncommitted it waits for
   * it, which is what serialises concurrent duplicates. The history rows come back in product order.
   */
  async hold(hold: NewHold): Promise<{ reservation: ReservationRecord; changes: InventoryChangeRecord[] } | null> {
    if (hold.lines.length === 0) throw new Error(`reservation ${hold.id} holds no line`);
    const rows = await holdStatement(this.db, [
      hold.id,
      hold.orderId,
      hold.storeId,
      hold.distanceMeters,
      hold.requestedBy,
      hold.ttlSeconds,
      hold.lines.map((l) => l.productId),
      hold.lines.map((l) => l.quantity),
      hold.lines.map((l) => l.changeId),
      hold.lines.length,
      hold.reason,
    ]);
    const [first] = rows;
    if (!first) return null;
    // Every row was ours, and free enough, before the UPDATE began: all lines or none. Anything else is a bug, not a race.
    if (rows.length !== hold.lines.length) throw new Error(`hold of ${hold.id} held ${rows.length} of ${hold.lines.length} locked lines at ${hold.storeId}`);
    const reservation: ReservationRecord = {
      id: first.r_id,
      orderId: first.r_order_id,
      storeId: hold.storeId,
      status: first.r_status,
      distanceMeters: first.r_distance_m,
      expiresAt: first.r_expires_at,
      createdAt: first.r_created_at,
      releasedReason: null,
    };
    return { reservation, changes: rows.map(toChange) };
  }

  /** The order's reservation (every placement asks first, so a prepared statement). */
  async findByOrderId(orderId: string): Promise<ReservationRecord | null> {
    const [row] = await findByOrderIdStatement(this.db, [orderId]);
    return row ? toRecord(row) : null;
  }

  /**
   * The order's reservation (null when it has none) and the free units of every given product in every
   * given store that carries it, as `StockRepository.freeUnits` reads them: one statement, one round trip,
   * for a placement's first look (a retry finds its reservation, a new order the stock to choose by).
   */
  async findWithFreeUnits(orderId: string, storeIds: readonly string[], productIds: readonly string[]): Promise<{ existing: ReservationRecord | null; free: FreeStockRecord[] }> {
    const rows = await findWithFreeUnitsStatement(this.db, [orderId, [...storeIds], [...productIds]]);
    let existing: ReservationRecord | null = null;
    const free: FreeStockRecord[] = [];
    for (const row of rows) {
      if (row.product_id === null) existing = toRecord(row as ReservationRow);
      else free.push({ storeId: row.store_id, productId: row.product_id, free: row.free! });
    }
    return { existing, free };
  }

  /** The order's reservation, row-locked until the transaction ends (call inside one). */
  async lockByOrderId(orderId: string): Promise<ReservationRecord | null> {
    const row = await this.db<ReservationRow>('reservations').first<ReservationRow | undefined>(COLUMNS).where({ order_id: orderId }).forUpdate();
    return row ? toRecord(row) : null;
  }

  /**
   * Up to `limit` ACTIVE reservations past their expiry, oldest first, row-locked; rows another sweeper
   * (or a confirm, a release) holds are skipped rather than waited for, so replicas share the work.
   */
  async lockExpired(limit: number): Promise<ReservationRecord[]> {
    const rows = await this.db<ReservationRow>('reservations')
      .select<ReservationRow[]>(COLUMNS)
      .where('status', 'ACTIVE')
      .andWhere('expires_at', '<=', this.db.fn.now())
      .orderBy('expires_at')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    return rows.map(toRecord);
  }

  /** The lines of the given reservations, by reservation then product. */
  async itemsOf(reservationIds: readonly string[]): Promise<ReservationItemRecord[]> {
    if (reservationIds.length === 0) return [];
    const rows = await this.db<ItemRow>('reservation_items')
      .select<ItemRow[]>(ITEM_COLUMNS)
      .whereIn('reservation_id', reservationIds)
      .orderBy([{ column: 'reservation_id' }, { column: 'product_id' }]);
    return rows.map(toItem);
  }

  /**
   * ACTIVE → CONFIRMED, and the reservation's status after it (null when the order has none), in one
   * statement. A row another transaction holds (a sweeper, a release, another confirm) is waited for:
   * the UPDATE re-checks the status that one left, and when it changed nothing the status is read with
   * a share lock, which also waits and then reads the row as committed, not as it was before the wait.
   */
  async confirm(orderId: string): Promise<ReservationRecord['status'] | null> {
    const [row] = await confirmStatement(this.db, [orderId]);
    return row?.status ?? null;
  }

  /**
   * ACTIVE → CONFIRMED for the reservations of these orders, in one statement; any other status is left
   * alone. The rows are locked in order-id order first, so two batches never deadlock; a row another
   * transaction holds is waited for and its status re-checked as that one left it. Returns how many it
   * confirmed.
   */
  async confirmMany(orderIds: readonly string[]): Promise<number> {
    if (orderIds.length === 0) return 0;
    return (await confirmManyStatement(this.db, [[...orderIds]])).length;
  }

  async markReleased(reservationIds: readonly string[], reason: string): Promise<void> {
    if (reservationIds.length === 0) return;
    await this.db('reservations')
      .whereIn('id', reservationIds)
      .update({ status: 'RELEASED', released_at: this.db.fn.now(), released_reason: reason, updated_at: this.db.fn.now() });
  }

  /** Marks the reservation CONSUMED and records how many units of each line went into the bag. */
  async markConsumed(reservationId: string, packed: readonly { productId: string; packed: number }[]): Promise<void> {
    await this.db('reservations')
      .where('id', reservationId)
      .update({ status: 'CONSUMED', consumed_at: this.db.fn.now(), updated_at: this.db.fn.now() });
    if (packed.length === 0) return;
    await this.db.raw(
      `UPDATE reservation_items AS i SET packed_quantity = p.packed
       FROM unnest(?::text[], ?::int[]) AS p(product_id, packed)
       WHERE i.reservation_id = ? AND i.product_id = p.product_id`,
      [packed.map((p) => p.productId), packed.map((p) => p.packed), reservationId],
    );
  }
}
