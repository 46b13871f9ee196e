import { isUniqueViolation, type Knex } from '@qc/shared';
import type { ReservationItemRecord, ReservationRecord } from './types';

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

/** Reservations and their lines. Every method uses the knex (or transaction) it was built with. */
export class ReservationRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Inserts an ACTIVE reservation expiring `ttlSeconds` from now (database time, the clock the sweeper
   * reads). A second one for the same order fails on the unique order id ({@link isDuplicateOrder});
   * while the first is uncommitted the insert waits for it, which is what serialises concurrent duplicates.
   */
  async insert(reservation: NewReservation): Promise<ReservationRecord> {
    const [row] = await this.db('reservations')
      .insert({
        id: reservation.id,
        order_id: reservation.orderId,
        store_id: reservation.storeId,
        status: 'ACTIVE',
        distance_m: reservation.distanceMeters,
        requested_by: reservation.requestedBy,
        expires_at: this.db.raw(`now() + make_interval(secs => ?)`, [reservation.ttlSeconds]),
      })
      .returning<ReservationRow[]>(COLUMNS);
    return toRecord(row!);
  }

  async insertItems(items: readonly Omit<ReservationItemRecord, 'packedQuantity'>[]): Promise<void> {
    if (items.length === 0) return;
    await this.db('reservation_items').insert(
      items.map((item) => ({ reservation_id: item.reservationId, store_id: item.storeId, product_id: item.productId, quantity: item.quantity })),
    );
  }

  async findByOrderId(orderId: string): Promise<ReservationRecord | null> {
    const row = await this.db<ReservationRow>('reservations').first<ReservationRow | undefined>(COLUMNS).where({ order_id: orderId });
    return row ? toRecord(row) : null;
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
    const result = await this.db.raw<{ rows: { status: ReservationRecord['status'] | null }[] }>(
      `WITH confirmed AS (
         UPDATE reservations SET status = 'CONFIRMED', confirmed_at = now(), updated_at = now()
         WHERE order_id = ? AND status = 'ACTIVE'
         RETURNING status
       )
       SELECT coalesce((SELECT status FROM confirmed), (SELECT status FROM reservations WHERE order_id = ? FOR SHARE)) AS status`,
      [orderId, orderId],
    );
    return result.rows[0]?.status ?? null;
  }

  /**
   * ACTIVE → CONFIRMED for the reservations of these orders, in one statement; any other status is left
   * alone. The rows are locked in order-id order first, so two batches never deadlock; a row another
   * transaction holds is waited for and its status re-checked as that one left it.
   */
  async confirmMany(orderIds: readonly string[]): Promise<void> {
    if (orderIds.length === 0) return;
    await this.db.raw(
      `UPDATE reservations SET status = 'CONFIRMED', confirmed_at = now(), updated_at = now()
       WHERE id IN (SELECT id FROM reservations WHERE order_id = ANY(?::text[]) AND status = 'ACTIVE' ORDER BY order_id FOR UPDATE)
       AND status = 'ACTIVE'`,
      [[...orderIds]],
    );
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
