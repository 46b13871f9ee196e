import { preparedStatement, type Knex } from '@qc/shared';
import type { ActiveDeliveryRecord, DeliveryPhase, LatLng, VehicleType } from './types';

interface ActiveDeliveryRow {
  delivery_id: string;
  order_id: string;
  courier_id: string;
  store_id: string | null;
  store_lat: number | null;
  store_lng: number | null;
  dropoff_lat: number | null;
  dropoff_lng: number | null;
  vehicle: VehicleType | null;
  phase: DeliveryPhase;
  promised_ready_at: Date | null;
  packed_at: Date | null;
}

// The statements fulfillment's events run once per placed order are fixed texts run as named prepared
// statements (see `preparedStatement`): parsed and planned once per connection, no knex query per call.

const lockOrder = preparedStatement('tracking_lock_order', 'SELECT pg_advisory_xact_lock($1, hashtext($2))');

/** Several orders' locks in one statement, in the order given (the caller sorts, so lockers never deadlock). */
const lockOrders = preparedStatement(
  'tracking_lock_orders',
  'SELECT pg_advisory_xact_lock($1, hashtext(o.id)) FROM unnest($2::text[]) WITH ORDINALITY AS o(id, n) ORDER BY o.n',
);

/**
 * A preparation event's write, and the couriers with a live delivery of the order (normally none yet
 * when the task is created), in one statement: the read is of another table, so the write it comes
 * with changes nothing it sees.
 */
const COURIERS_OF_ORDER = `SELECT DISTINCT courier_id FROM active_deliveries WHERE order_id = $1 AND phase IN ('TO_STORE', 'TO_CUSTOMER')`;

/** The tasks created of several orders (each once), written as `COURIERS_OF_ORDER` says, with the couriers of any of them. */
const recordTasksCreated = preparedStatement<{ courier_id: string }>(
  'tracking_record_tasks_created',
  `WITH recorded AS (
     INSERT INTO order_preparation AS p (order_id, task_id, store_id, promised_ready_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
     ON CONFLICT (order_id) DO UPDATE SET task_id = excluded.task_id, store_id = excluded.store_id,
       promised_ready_at = excluded.promised_ready_at, updated_at = now()
   )
   SELECT DISTINCT courier_id FROM active_deliveries WHERE order_id = ANY($1::text[]) AND phase IN ('TO_STORE', 'TO_CUSTOMER')`,
);

const recordPacked = preparedStatement<{ courier_id: string }>(
  'tracking_record_packed',
  `WITH recorded AS (
     INSERT INTO order_preparation AS p (order_id, task_id, store_id, packed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (order_id) DO UPDATE SET packed_at = COALESCE(p.packed_at, excluded.packed_at), updated_at = now()
   )
   ${COURIERS_OF_ORDER}`,
);

const point = (lat: number | null, lng: number | null): LatLng | null => (lat === null || lng === null ? null : { lat, lng });

const toRecord = (row: ActiveDeliveryRow): ActiveDeliveryRecord => ({
  deliveryId: row.delivery_id,
  orderId: row.order_id,
  courierId: row.courier_id,
  storeId: row.store_id,
  storeLocation: point(row.store_lat, row.store_lng),
  dropoffLocation: point(row.dropoff_lat, row.dropoff_lng),
  vehicle: row.vehicle,
  phase: row.phase,
  promisedReadyAt: row.promised_ready_at,
  packedAt: row.packed_at,
});

/** A courier accepted an order: `delivery.assigned` as tracking applies it. */
export interface AssignedDelivery {
  deliveryId: string;
  orderId: string;
  courierId: string;
  storeId: string;
  storeLocation: LatLng;
  dropoffLocation: LatLng;
  vehicle: VehicleType | null;
  at: Date;
}

/** `fulfillment.task_created` as tracking applies it: the store's promise for the order's bag. */
export interface PreparationPromise {
  orderId: string;
  taskId: string;
  storeId: string;
  promisedReadyAt: Date;
}

/** `delivery.picked_up` / `delivery.delivered` as tracking applies them. */
export interface DeliveryMilestone {
  deliveryId: string;
  orderId: string;
  courierId: string;
  at: Date;
}

/** Who is party to a live delivery, for the access rules. */
export interface LiveParties {
  courierId: string;
  orderId: string;
  storeId: string | null;
  customerId: string | null;
}

/** Live deliveries, newest assignment first per key; `DISTINCT ON` guards against a lagging `ended_at`. */
const LIVE_SELECT = `
  SELECT d.delivery_id, d.order_id, d.courier_id, d.store_id, d.store_lat, d.store_lng, d.dropoff_lat, d.dropoff_lng,
         d.vehicle, d.phase, p.promised_ready_at, p.packed_at, COALESCE(d.assigned_at, d.picked_up_at) AS started_at
  FROM active_deliveries d
  LEFT JOIN order_preparation p ON p.order_id = d.order_id
  WHERE d.phase IN ('TO_STORE', 'TO_CUSTOMER')`;

/** Advisory lock classes: one for orders, one for couriers (the second key is the id's hash). */
const ORDER_LOCK = 0x7ac1;
const COURIER_LOCK = 0x7ac2;

/**
 * Deliveries under way and the preparation promises behind them: tracking's projection of delivery's
 * and fulfillment's events. Every write fills only its own columns, so events of one delivery may be
 * applied in any order; the phase is a generated column.
 */
export class DeliveryRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Serialises the consumers per order, then per courier (ids sorted, so two transactions never wait
   * on each other in a cycle), for the rest of the transaction. Always the order first.
   */
  async lockOrder(orderId: string): Promise<void> {
    await lockOrder(this.db, [ORDER_LOCK, orderId]);
  }

  /** `lockOrder` for several orders in one statement, sorted (as every locker of several takes them). */
  async lockOrders(orderIds: readonly string[]): Promise<void> {
    await lockOrders(this.db, [ORDER_LOCK, [...new Set(orderIds)].sort()]);
  }

  /** From orders.confirmed: who ordered each of these orders, in one statement; an order already known keeps its customer. */
  async recordCustomers(orders: readonly { orderId: string; customerId: string }[]): Promise<void> {
    await this.db.raw('INSERT INTO order_customers (order_id, customer_id) SELECT * FROM unnest(?::text[], ?::text[]) ON CONFLICT (order_id) DO NOTHING', [
      orders.map((o) => o.orderId),
      orders.map((o) => o.customerId),
    ]);
  }

  /** Who ordered each of these orders (orders tracking has not heard of are absent). */
  async customersOfOrders(orderIds: readonly string[]): Promise<{ orderId: string; customerId: string }[]> {
    const rows = await this.db.raw<{ rows: { order_id: string; customer_id: string }[] }>('SELECT order_id, customer_id FROM order_customers WHERE order_id = ANY(?::text[])', [orderIds as string[]]);
    return rows.rows.map((r) => ({ orderId: r.order_id, customerId: r.customer_id }));
  }

  /**
   * Who is party to the live deliveries (under way, not delivered or ended) of these couriers or
   * orders: courier, order, store and the customer (null until orders.confirmed is applied).
   */
  async liveParties(by: 'courier' | 'order', ids: readonly string[]): Promise<LiveParties[]> {
    const column = by === 'courier' ? 'd.courier_id' : 'd.order_id';
    const rows = await this.db.raw<{ rows: { courier_id: string; order_id: string; store_id: string | null; customer_id: string | null }[] }>(
      `SELECT d.courier_id, d.order_id, d.store_id, c.customer_id FROM active_deliveries d
       LEFT JOIN order_customers c ON c.order_id = d.order_id
       WHERE d.phase IN ('TO_STORE', 'TO_CUSTOMER') AND ${column} = ANY(?::text[])`,
      [ids as string[]],
    );
    return rows.rows.map((r) => ({ courierId: r.courier_id, orderId: r.order_id, storeId: r.store_id, customerId: r.customer_id }));
  }

  async lockCouriers(courierIds: readonly string[]): Promise<void> {
    for (const courierId of [...new Set(courierIds)].sort()) {
      await this.db.raw('SELECT pg_advisory_xact_lock(?, hashtext(?))', [COURIER_LOCK, courierId]);
    }
  }

  /**
   * Applies an assignment and ends what it replaces: an older live delivery of the same order (the order
   * was reassigned) or of the same courier (one active assignment per courier). If a newer one already
   * exists (events applied out of order), this one is ended instead. Returns every courier whose
   * active delivery may have changed.
   */
  async recordAssigned(a: AssignedDelivery): Promise<string[]> {
    await this.db.raw(
      `INSERT INTO active_deliveries AS d
         (delivery_id, order_id, courier_id, store_id, store_lat, store_lng, dropoff_lat, dropoff_lng, vehicle, assigned_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (delivery_id) DO UPDATE SET
         order_id = excluded.order_id, courier_id = excluded.courier_id, store_id = excluded.store_id,
         store_lat = excluded.store_lat, store_lng = excluded.store_lng,
         dropoff_lat = excluded.dropoff_lat, dropoff_lng = excluded.dropoff_lng,
         vehicle = COALESCE(excluded.vehicle, d.vehicle), assigned_at = excluded.assigned_at, updated_at = now()`,
      [
        a.deliveryId,
        a.orderId,
        a.courierId,
        a.storeId,
        a.storeLocation.lat,
        a.storeLocation.lng,
        a.dropoffLocation.lat,
        a.dropoffLocation.lng,
        a.vehicle,
        a.at,
      ],
    );
    const older = await this.db.raw<{ rows: { courier_id: string }[] }>(
      `UPDATE active_deliveries SET ended_at = ?, updated_at = now()
       WHERE delivery_id <> ? AND (order_id = ? OR courier_id = ?) AND phase IN ('TO_STORE', 'TO_CUSTOMER')
         AND COALESCE(assigned_at, picked_up_at) <= ?
       RETURNING courier_id`,
      [a.at, a.deliveryId, a.orderId, a.courierId, a.at],
    );
    await this.db.raw(
      `UPDATE active_deliveries SET ended_at = newer.at, updated_at = now()
       FROM (
         SELECT min(COALESCE(assigned_at, picked_up_at)) AS at FROM active_deliveries
         WHERE delivery_id <> ? AND (order_id = ? OR courier_id = ?) AND COALESCE(assigned_at, picked_up_at) > ?
       ) newer
       WHERE delivery_id = ? AND newer.at IS NOT NULL AND phase IN ('TO_STORE', 'TO_CUSTOMER')`,
      [a.deliveryId, a.orderId, a.courierId, a.at, a.deliveryId],
    );
    return [a.courierId, ...older.rows.map((r) => r.courier_id)];
  }

  /** The courier has the bag. Creates the row when the assignment has not been applied yet. */
  async recordPickedUp(m: DeliveryMilestone): Promise<void> {
    await this.db.raw(
      `INSERT INTO active_deliveries AS d (delivery_id, order_id, courier_id, picked_up_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (delivery_id) DO UPDATE SET picked_up_at = COALESCE(d.picked_up_at, excluded.picked_up_at), updated_at = now()`,
      [m.deliveryId, m.orderId, m.courierId, m.at],
    );
  }

  /** Handed over. The row stays (phase DELIVERED) so a late `assigned` or `picked_up` cannot revive it. */
  async recordDelivered(m: DeliveryMilestone): Promise<void> {
    await this.db.raw(
      `INSERT INTO active_deliveries AS d (delivery_id, order_id, courier_id, delivered_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (delivery_id) DO UPDATE SET delivered_at = COALESCE(d.delivered_at, excluded.delivered_at), updated_at = now()`,
      [m.deliveryId, m.orderId, m.courierId, m.at],
    );
  }

  /** Fulfillment queued the order with a promised-ready time. Answers the couriers with a live delivery of the order. */
  async recordTaskCreated(t: PreparationPromise): Promise<string[]> {
    return this.recordTasksCreated([t]);
  }

  /** `recordTaskCreated` for several orders in one statement (an order given twice counts once, its last entry). */
  async recordTasksCreated(tasks: readonly PreparationPromise[]): Promise<string[]> {
    const unique = [...new Map(tasks.map((t) => [t.orderId, t])).values()];
    const rows = await recordTasksCreated(this.db, [unique.map((t) => t.orderId), unique.map((t) => t.taskId), unique.map((t) => t.storeId), unique.map((t) => t.promisedReadyAt)]);
    return rows.map((r) => r.courier_id);
  }

  /** The bag is packed: no preparation left. Answers the couriers with a live delivery of the order. */
  async recordPacked(p: { orderId: string; taskId: string; storeId: string; packedAt: Date }): Promise<string[]> {
    const rows = await recordPacked(this.db, [p.orderId, p.taskId, p.storeId, p.packedAt]);
    return rows.map((r) => r.courier_id);
  }

  /** The live delivery of each courier that has one, in no particular order. */
  async findActiveByCourierIds(courierIds: readonly string[]): Promise<ActiveDeliveryRecord[]> {
    if (courierIds.length === 0) return [];
    const result = await this.db.raw<{ rows: ActiveDeliveryRow[] }>(
      `SELECT DISTINCT ON (courier_id) * FROM (${LIVE_SELECT} AND d.courier_id = ANY(?)) live
       ORDER BY courier_id, started_at DESC NULLS LAST`,
      [courierIds as string[]],
    );
    return result.rows.map(toRecord);
  }

  /** The live delivery of each order that has one, in no particular order. */
  async findActiveByOrderIds(orderIds: readonly string[]): Promise<ActiveDeliveryRecord[]> {
    if (orderIds.length === 0) return [];
    const result = await this.db.raw<{ rows: ActiveDeliveryRow[] }>(
      `SELECT DISTINCT ON (order_id) * FROM (${LIVE_SELECT} AND d.order_id = ANY(?)) live
       ORDER BY order_id, started_at DESC NULLS LAST`,
      [orderIds as string[]],
    );
    return result.rows.map(toRecord);
  }

  /** Every courier with a live delivery (the Redis mirror is rebuilt from this at start-up). */
  async activeCourierIds(): Promise<string[]> {
    const rows = await this.db('active_deliveries')
      .distinct<{ courier_id: string }[]>('courier_id')
      .whereIn('phase', ['TO_STORE', 'TO_CUSTOMER'])
      .orderBy('courier_id');
    return rows.map((r) => r.courier_id);
  }

  /** Forgets finished deliveries and preparation promises last touched before `before`. Returns rows deleted. */
  async purgeFinished(before: Date): Promise<number> {
    const deliveries = await this.db('active_deliveries').whereIn('phase', ['DELIVERED', 'ENDED']).where('updated_at', '<', before).delete();
    const promises = await this.db('order_preparation')
      .where('updated_at', '<', before)
      .whereNotExists(
        this.db('active_deliveries').select(this.db.raw('1')).whereRaw('active_deliveries.order_id = order_preparation.order_id').whereIn('phase', ['TO_STORE', 'TO_CUSTOMER']),
      )
      .delete();
    return deliveries + promises;
  }
}
