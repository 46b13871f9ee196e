import { METRES_PER_DEGREE, preparedStatement, type Knex } from '@qc/shared';
import type { DispatchJobRecord, DispatchStatus, EscalationReason, GeoPoint } from './types';

interface DispatchJobRow {
  order_id: string;
  customer_id: string | null;
  store_id: string | null;
  store_lat: number | null;
  store_lng: number | null;
  dropoff_lat: number | null;
  dropoff_lng: number | null;
  confirmed_at: Date | null;
  promised_ready_at: Date | null;
  packed_at: Date | null;
  status: DispatchStatus;
  attempts: number;
  misses: number;
  radius_level: number;
  delivery_id: string | null;
  next_check_at: Date | null;
  due_since: Date | null;
  escalation_reason: EscalationReason | null;
  escalated_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = [
  'order_id',
  'customer_id',
  'store_id',
  'store_lat',
  'store_lng',
  'dropoff_lat',
  'dropoff_lng',
  'confirmed_at',
  'promised_ready_at',
  'packed_at',
  'status',
  'attempts',
  'misses',
  'radius_level',
  'delivery_id',
  'next_check_at',
  'due_since',
  'escalation_reason',
  'escalated_at',
  'created_at',
  'updated_at',
];

const point = (lat: number | null, lng: number | null): GeoPoint | null => (lat === null || lng === null ? null : { lat, lng });

const toRecord = (row: DispatchJobRow): DispatchJobRecord => ({
  orderId: row.order_id,
  customerId: row.customer_id,
  storeId: row.store_id,
  storeLocation: point(row.store_lat, row.store_lng),
  dropoffLocation: point(row.dropoff_lat, row.dropoff_lng),
  confirmedAt: row.confirmed_at,
  promisedReadyAt: row.promised_ready_at,
  packedAt: row.packed_at,
  status: row.status,
  attempts: row.attempts,
  misses: row.misses,
  radiusLevel: row.radius_level,
  deliveryId: row.delivery_id,
  nextCheckAt: row.next_check_at,
  dueSince: row.due_since,
  escalationReason: row.escalation_reason,
  escalatedAt: row.escalated_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** What orders.confirmed tells the dispatch job; `storeLocation` when the process already knows it. */
export interface ConfirmedOrder {
  orderId: string;
  storeId: string;
  dropoff: GeoPoint;
  confirmedAt: Date;
  customerId?: string | null;
  storeLocation?: GeoPoint | null;
}

/** What fulfillment.task_created tells the dispatch job; `storeLocation` when the process already knows it. */
export interface TaskCreated {
  orderId: string;
  storeId: string;
  promisedReadyAt: Date;
  storeLocation?: GeoPoint | null;
}

/** A waiting job due a look, as read without a lock, and the version `updateManyUnchanged` compares against. */
export interface DueJob {
  job: DispatchJobRecord;
  version: string;
}

/** The parts of a job a use case may change; `now` stamps a time from the database clock. */
export interface DispatchJobPatch {
  status?: DispatchStatus;
  attempts?: number;
  misses?: number;
  radiusLevel?: number;
  deliveryId?: string;
  nextCheckAt?: Date | null;
  /** Starts the no-courier clock if it is not running yet. */
  dueSince?: 'now';
  escalationReason?: EscalationReason;
  escalatedAt?: 'now';
  /** The search found nobody free at the widest radius: a free courier reporting nearby wakes it (`wakeNear`). */
  awaitingCourier?: boolean;
}

/** What a look that decided to wait writes: when to look again, at which radius, whether a reporting courier may wake it. */
export interface WaitPatch {
  radiusLevel: number;
  nextCheckAt: Date | null;
  awaitingCourier: boolean;
  /** Starts the no-courier clock if it is not running yet. */
  dueSince?: 'now';
}

/** A courier's reported position, as the wake-up search takes it. */
export interface ReportedPosition {
  courierId: string;
  lat: number;
  lng: number;
}

/**
 * Wakes the jobs awaiting a courier whose store is within the box of the radius around one of the
 * reported couriers who is IDLE and was never offered that order. The box is a little larger than the
 * circle; a job woken for nothing only costs one look.
 */
const WAKE_NEAR = `
  WITH free AS (
    SELECT p.id, p.lat, p.lng, ?::float8 / cos(radians(p.lat)) AS dlng
    FROM unnest(?::text[], ?::float8[], ?::float8[]) AS p(id, lat, lng)
    JOIN couriers c ON c.id = p.id AND c.status = 'IDLE'
  )
  UPDATE dispatch_jobs j SET next_check_at = NULL, awaiting_courier = false, updated_at = now()
  WHERE j.status = 'WAITING' AND j.awaiting_courier AND EXISTS (
    SELECT 1 FROM free f
    WHERE j.store_lat BETWEEN f.lat - ?::float8 AND f.lat + ?::float8
      AND j.store_lng BETWEEN f.lng - f.dlng AND f.lng + f.dlng
      AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.order_id = j.order_id AND o.courier_id = f.id))
  RETURNING j.order_id`;

/**
 * The store decides where the bag is: a store change (fulfillment's events name the store that picks)
 * replaces the old store's location with the new store's as the event brought it (null when this
 * process did not know it yet: the dispatcher looks it up). The event's location only fills a gap for
 * the same store. Latitude and longitude are set or null together, in the row and in the event.
 */
const STORE_SET = `
    store_id = COALESCE(EXCLUDED.store_id, dispatch_jobs.store_id),
    store_lat = CASE WHEN EXCLUDED.store_id IS DISTINCT FROM dispatch_jobs.store_id AND EXCLUDED.store_id IS NOT NULL THEN EXCLUDED.store_lat ELSE COALESCE(dispatch_jobs.store_lat, EXCLUDED.store_lat) END,
    store_lng = CASE WHEN EXCLUDED.store_id IS DISTINCT FROM dispatch_jobs.store_id AND EXCLUDED.store_id IS NOT NULL THEN EXCLUDED.store_lng ELSE COALESCE(dispatch_jobs.store_lng, EXCLUDED.store_lng) END`;

/**
 * Whether the dispatcher has something to do for the job as an event left it: it waits for its store's
 * location, or it could be looked at (`nextCheckInMs` waits on exactly these jobs; `findDue` adds the
 * schedule, which every upsert clears). Otherwise (another event still missing, or no longer WAITING) a
 * dispatcher run would find nothing to do for it, so the consumer does not wake one.
 */
const FOR_DISPATCHER = `status = 'WAITING' AND (
    (store_id IS NOT NULL AND store_lat IS NULL)
    OR (store_lat IS NOT NULL AND dropoff_lat IS NOT NULL AND (packed_at IS NOT NULL OR promised_ready_at IS NOT NULL)))`;
const RETURNING_FOR_DISPATCHER = `RETURNING ${FOR_DISPATCHER} AS for_dispatcher`;

// Each event fills in its part whatever order they arrive in; none of them changes the status, so a
// late event never reopens a cancelled or assigned job. Fresh information means "look again now".
// orders.confirmed keeps the store the job already has (fulfillment's events name the store that picks);
// its location fills a gap only when it is that same store. Several orders in one statement (the events
// that arrived together), one row per order: an order twice in one INSERT … ON CONFLICT DO UPDATE is an
// error in Postgres, so the caller passes each order once. Applying it again with the same event leaves
// the same row (the same values; the store and its location are only ever kept or gap-filled), apart
// from "look again now": see the consumer.
const upsertConfirmed = preparedStatement<{ for_dispatcher: boolean }>(
  'delivery_upsert_confirmed',
  `INSERT INTO dispatch_jobs (order_id, store_id, dropoff_lat, dropoff_lng, confirmed_at, customer_id, store_lat, store_lng)
  SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::timestamptz[], $6::text[], $7::float8[], $8::float8[])
  ON CONFLICT (order_id) DO UPDATE SET
    customer_id = COALESCE(EXCLUDED.customer_id, dispatch_jobs.customer_id),
    store_id = COALESCE(dispatch_jobs.store_id, EXCLUDED.store_id),
    store_lat = CASE WHEN dispatch_jobs.store_id IS NULL OR dispatch_jobs.store_id = EXCLUDED.store_id THEN COALESCE(dispatch_jobs.store_lat, EXCLUDED.store_lat) ELSE dispatch_jobs.store_lat END,
    store_lng = CASE WHEN dispatch_jobs.store_id IS NULL OR dispatch_jobs.store_id = EXCLUDED.store_id THEN COALESCE(dispatch_jobs.store_lng, EXCLUDED.store_lng) ELSE dispatch_jobs.store_lng END,
    dropoff_lat = EXCLUDED.dropoff_lat,
    dropoff_lng = EXCLUDED.dropoff_lng,
    confirmed_at = EXCLUDED.confirmed_at,
    next_check_at = NULL,
    updated_at = now()
  ${RETURNING_FOR_DISPATCHER}`,
);

// The statements every placed order runs (its events' upserts, each dispatcher run's reads and the
// lock-free reschedule) are fixed texts run as named prepared statements (see `preparedStatement`):
// parsed and planned once per connection, and no knex query built per call.

// fulfillment.task_created for the orders of a batch in one statement, each order once (see upsertConfirmed).
const upsertTaskCreated = preparedStatement<{ for_dispatcher: boolean }>(
  'delivery_upsert_task_created',
  `INSERT INTO dispatch_jobs (order_id, store_id, promised_ready_at, store_lat, store_lng)
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[], $5::float8[])
  ON CONFLICT (order_id) DO UPDATE SET ${STORE_SET},
    promised_ready_at = EXCLUDED.promised_ready_at,
    next_check_at = NULL,
    updated_at = now()
  ${RETURNING_FOR_DISPATCHER}`,
);

const upsertPacked = preparedStatement<{ for_dispatcher: boolean }>(
  'delivery_upsert_packed',
  `INSERT INTO dispatch_jobs (order_id, store_id, packed_at, store_lat, store_lng) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (order_id) DO UPDATE SET ${STORE_SET},
    packed_at = EXCLUDED.packed_at,
    next_check_at = NULL,
    updated_at = now()
  ${RETURNING_FOR_DISPATCHER}`,
);

const nextCheck = preparedStatement<{ ms: string | null }>(
  'delivery_next_check',
  `SELECT EXTRACT(EPOCH FROM (min(CASE WHEN store_lat IS NULL THEN now() ELSE COALESCE(next_check_at, now()) END) - now())) * 1000 AS ms
   FROM dispatch_jobs
   WHERE ${FOR_DISPATCHER}`,
);

const storesWithoutLocation = preparedStatement<{ store_id: string }>(
  'delivery_stores_without_location',
  `SELECT DISTINCT store_id FROM dispatch_jobs WHERE status = 'WAITING' AND store_id IS NOT NULL AND store_lat IS NULL LIMIT $1`,
);

// Every write stamps updated_at with now() (microseconds; a JS Date keeps only milliseconds), so its
// text is the version a lock-free compare-and-set checks.
const findDue = preparedStatement<DispatchJobRow & { version: string }>(
  'delivery_find_due',
  `SELECT ${COLUMNS.join(', ')}, updated_at::text AS version
   FROM dispatch_jobs
   WHERE status = 'WAITING' AND store_lat IS NOT NULL AND dropoff_lat IS NOT NULL
     AND (packed_at IS NOT NULL OR promised_ready_at IS NOT NULL)
     AND (next_check_at IS NULL OR next_check_at <= now())
   ORDER BY next_check_at NULLS FIRST, created_at
   LIMIT $1`,
);

/** Every job of a dispatcher run that is only to wait, rescheduled in one statement (see `updateManyUnchanged`). */
const rescheduleUnchanged = preparedStatement<{ order_id: string }>(
  'delivery_reschedule_unchanged',
  `UPDATE dispatch_jobs j
   SET radius_level = w.radius_level, next_check_at = w.next_check_at, awaiting_courier = w.awaiting_courier,
     due_since = CASE WHEN w.due_now THEN COALESCE(j.due_since, now()) ELSE j.due_since END,
     updated_at = now()
   FROM unnest($1::text[], $2::timestamptz[], $3::int[], $4::timestamptz[], $5::boolean[], $6::boolean[])
     AS w(order_id, version, radius_level, next_check_at, awaiting_courier, due_now)
   WHERE j.order_id = w.order_id AND j.status = 'WAITING' AND j.updated_at = w.version
   RETURNING j.order_id`,
);

/** A batch's entries with one per order, the last given (a redelivered event counts once). */
const lastPerOrder = <T extends { orderId: string }>(entries: readonly T[]): T[] => [...new Map(entries.map((e) => [e.orderId, e])).values()];

/** Dispatch jobs in Postgres. Every method takes the knex (or a transaction) it was built with. */
export class DispatchJobRepository {
  constructor(private readonly db: Knex) {}

  async findByOrderIds(orderIds: readonly string[]): Promise<DispatchJobRecord[]> {
    const rows = await this.db<DispatchJobRow>('dispatch_jobs').select<DispatchJobRow[]>(COLUMNS).whereIn('order_id', orderIds);
    return rows.map(toRecord);
  }

  // The three events' upserts. `storeLocation` is where `storeId` is, when the caller already knows
  // (null: the dispatcher looks it up). Each answers whether the dispatcher now has something to do for
  // the job (`RETURNING_FOR_DISPATCHER`).

  /**
   * From orders.confirmed, for the orders of a batch in one statement (an order given twice counts once,
   * its last entry): the store the stock was reserved in, where the customer is and who they are.
   */
  async recordConfirmedMany(orders: readonly ConfirmedOrder[]): Promise<boolean> {
    const unique = lastPerOrder(orders);
    if (unique.length === 0) return false;
    const rows = await upsertConfirmed(this.db, [
      unique.map((o) => o.orderId),
      unique.map((o) => o.storeId),
      unique.map((o) => o.dropoff.lat),
      unique.map((o) => o.dropoff.lng),
      unique.map((o) => o.confirmedAt),
      unique.map((o) => o.customerId ?? null),
      unique.map((o) => o.storeLocation?.lat ?? null),
      unique.map((o) => o.storeLocation?.lng ?? null),
    ]);
    return rows.some((r) => r.for_dispatcher === true);
  }

  /** From fulfillment.task_created: the store that picks and when it promises the bag. */
  async recordTaskCreated(orderId: string, storeId: string, promisedReadyAt: Date, storeLocation: GeoPoint | null = null): Promise<boolean> {
    return this.recordTasksCreated([{ orderId, storeId, promisedReadyAt, storeLocation }]);
  }

  /** `recordTaskCreated` for the orders of a batch in one statement (an order given twice counts once, its last entry). */
  async recordTasksCreated(tasks: readonly TaskCreated[]): Promise<boolean> {
    const unique = lastPerOrder(tasks);
    if (unique.length === 0) return false;
    const rows = await upsertTaskCreated(this.db, [
      unique.map((t) => t.orderId),
      unique.map((t) => t.storeId),
      unique.map((t) => t.promisedReadyAt),
      unique.map((t) => t.storeLocation?.lat ?? null),
      unique.map((t) => t.storeLocation?.lng ?? null),
    ]);
    return rows.some((r) => r.for_dispatcher === true);
  }

  /** From fulfillment.packed: the bag is ready now. */
  async recordPacked(orderId: string, storeId: string, packedAt: Date, storeLocation: GeoPoint | null = null): Promise<boolean> {
    const rows = await upsertPacked(this.db, [orderId, storeId, packedAt, storeLocation?.lat ?? null, storeLocation?.lng ?? null]);
    return rows[0]?.for_dispatcher === true;
  }

  /**
   * Locks the job for this transaction, waiting for whoever holds it. Every use case that changes an
   * order's offers or delivery locks its job first, so they queue up on one row and never deadlock.
   */
  async lock(orderId: string): Promise<DispatchJobRecord | null> {
    const row = await this.db<DispatchJobRow>('dispatch_jobs').select<DispatchJobRow[]>(COLUMNS).where('order_id', orderId).forUpdate().first();
    return row ? toRecord(row) : null;
  }

  /**
   * Marks the job CANCELLED, creating it if the cancellation arrived before anything else, so a late
   * event cannot open it again.
   */
  async cancel(orderId: string): Promise<void> {
    await this.db.raw(
      `INSERT INTO dispatch_jobs (order_id, status) VALUES (?, 'CANCELLED')
       ON CONFLICT (order_id) DO UPDATE SET status = 'CANCELLED', next_check_at = NULL, updated_at = now()`,
      [orderId],
    );
  }

  /**
   * Milliseconds (database clock) until the dispatcher has work: 0 or less when a waiting job is due now
   * (as `findDue` sees it) or waits for its store's location, the wait for the earliest `next_check_at`
   * otherwise, null when no job waits at all.
   */
  async nextCheckInMs(): Promise<number | null> {
    const ms = (await nextCheck(this.db, []))[0]?.ms;
    return ms === null || ms === undefined ? null : Number(ms);
  }

  /** Stores that waiting jobs need the location of. */
  async storesWithoutLocation(limit: number): Promise<string[]> {
    return (await storesWithoutLocation(this.db, [limit])).map((r) => r.store_id);
  }

  /** Fills in the location of each store in `locations` on the jobs that lack it, in one statement. */
  async setStoreLocations(locations: ReadonlyMap<string, GeoPoint>): Promise<void> {
    if (locations.size === 0) return;
    const ids = [...locations.keys()];
    await this.db.raw(
      `UPDATE dispatch_jobs j SET store_lat = s.lat, store_lng = s.lng, updated_at = now()
       FROM unnest(?::text[], ?::float8[], ?::float8[]) AS s(id, lat, lng)
       WHERE j.store_id = s.id AND j.store_lat IS NULL`,
      [ids, ids.map((id) => locations.get(id)!.lat), ids.map((id) => locations.get(id)!.lng)],
    );
  }

  /**
   * Waiting jobs that can be dispatched and are due a look: every place known, the store has said
   * something about readiness, and no later check was scheduled. Oldest schedule first.
   */
  async findDue(limit: number): Promise<DueJob[]> {
    const rows = await findDue(this.db, [limit]);
    return rows.map((row) => ({ job: toRecord(row), version: row.version }));
  }

  /**
   * Locks a WAITING job for this transaction, or returns null if it is not waiting or another
   * dispatcher holds it (SKIP LOCKED: two dispatchers never work on one order, and never wait on each other).
   */
  async lockWaiting(orderId: string): Promise<DispatchJobRecord | null> {
    const row = await this.db<DispatchJobRow>('dispatch_jobs')
      .select<DispatchJobRow[]>(COLUMNS)
      .where({ order_id: orderId, status: 'WAITING' })
      .forUpdate()
      .skipLocked()
      .first();
    return row ? toRecord(row) : null;
  }

  /** Applies `patch` if the job is in one of `from` (compare-and-set); false otherwise. */
  async update(orderId: string, from: readonly DispatchStatus[], patch: DispatchJobPatch): Promise<boolean> {
    const count = await this.db('dispatch_jobs').where('order_id', orderId).whereIn('status', from).update(this.changes(patch));
    return count > 0;
  }

  /**
   * Applies each patch to its WAITING job only if nobody wrote the job since it was read at `version`
   * (see `findDue`): a compare-and-set without a lock, for any number of jobs in one statement (each
   * job once). Answers the jobs it wrote; the others changed meanwhile (or are not waiting).
   */
  async updateManyUnchanged(waits: readonly { orderId: string; version: string; patch: WaitPatch }[]): Promise<Set<string>> {
    if (waits.length === 0) return new Set();
    const rows = await rescheduleUnchanged(this.db, [
      waits.map((w) => w.orderId),
      waits.map((w) => w.version),
      waits.map((w) => w.patch.radiusLevel),
      waits.map((w) => w.patch.nextCheckAt),
      waits.map((w) => w.patch.awaitingCourier),
      waits.map((w) => w.patch.dueSince === 'now'),
    ]);
    return new Set(rows.map((r) => r.order_id));
  }

  private changes(patch: DispatchJobPatch): Record<string, unknown> {
    const set: Record<string, unknown> = { updated_at: this.db.fn.now() };
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.attempts !== undefined) set.attempts = patch.attempts;
    if (patch.misses !== undefined) set.misses = patch.misses;
    if (patch.radiusLevel !== undefined) set.radius_level = patch.radiusLevel;
    if (patch.deliveryId !== undefined) set.delivery_id = patch.deliveryId;
    if (patch.nextCheckAt !== undefined) set.next_check_at = patch.nextCheckAt;
    if (patch.dueSince !== undefined) set.due_since = this.db.raw('COALESCE(due_since, now())');
    if (patch.escalationReason !== undefined) set.escalation_reason = patch.escalationReason;
    if (patch.escalatedAt !== undefined) set.escalated_at = this.db.fn.now();
    if (patch.awaitingCourier !== undefined) set.awaiting_courier = patch.awaitingCourier;
    return set;
  }

  /**
   * Jobs awaiting a courier (see `awaitingCourier`) that one of `reported` could take: an IDLE courier
   * within `radiusMeters` of the store (by bounding box) who was never offered the order. They are due
   * at once; returns their order ids.
   */
  async wakeNear(reported: readonly ReportedPosition[], radiusMeters: number): Promise<string[]> {
    if (reported.length === 0) return [];
    const degrees = radiusMeters / METRES_PER_DEGREE;
    const result = await this.db.raw<{ rows: { order_id: string }[] }>(WAKE_NEAR, [
      degrees,
      reported.map((p) => p.courierId),
      reported.map((p) => p.lat),
      reported.map((p) => p.lng),
      degrees,
      degrees,
    ]);
    return result.rows.map((r) => r.order_id);
  }

  /**
   * Jobs that need a courier now and have none: on offer, or waiting once packed or due (a job waiting
   * for its store's promise to come near is not counted), longest waiting first.
   */
  async findAwaitingCourier(limit: number): Promise<DispatchJobRecord[]> {
    const rows = await this.db<DispatchJobRow>('dispatch_jobs')
      .select<DispatchJobRow[]>(COLUMNS)
      .where('status', 'OFFERED')
      .orWhere((q) => q.where('status', 'WAITING').andWhere((due) => due.whereNotNull('packed_at').orWhereNotNull('due_since')))
      .orderByRaw('COALESCE(due_since, packed_at, created_at), order_id')
      .limit(limit);
    return rows.map(toRecord);
  }

  /** Escalated jobs, longest waiting first. */
  async findEscalated(limit: number): Promise<DispatchJobRecord[]> {
    const rows = await this.db<DispatchJobRow>('dispatch_jobs')
      .select<DispatchJobRow[]>(COLUMNS)
      .where('status', 'ESCALATED')
      .orderBy([{ column: 'escalated_at' }, { column: 'order_id' }])
      .limit(limit);
    return rows.map(toRecord);
  }
}
