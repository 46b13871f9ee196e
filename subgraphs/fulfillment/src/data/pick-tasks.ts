import { outboxSql, outboxValues, preparedStatement, type Knex, type OutboxEvent } from '@qc/shared';
import { OPEN_PICK_TASK_STATUSES, type PickTaskChange, type PickTaskRecord, type PickTaskStatus, type QueuePageQuery } from './types';

interface PickTaskRow {
  id: string;
  order_id: string;
  customer_id: string | null;
  store_id: string;
  status: PickTaskStatus;
  promised_ready_at: Date;
  started_at: Date | null;
  packed_at: Date | null;
  created_at: Date;
}

const COLUMNS = ['id', 'order_id', 'customer_id', 'store_id', 'status', 'promised_ready_at', 'started_at', 'packed_at', 'created_at'];

const toRecord = (row: PickTaskRow): PickTaskRecord => ({
  id: row.id,
  orderId: row.order_id,
  customerId: row.customer_id,
  storeId: row.store_id,
  status: row.status,
  promisedReadyAt: row.promised_ready_at,
  startedAt: row.started_at,
  packedAt: row.packed_at,
  createdAt: row.created_at,
});

/**
 * One statement for any batch size: one array parameter per column instead of one per row and column, so a batch never
 * hits Postgres' 65,535-parameter limit. `updated_at` is the latest thing that happened to the task
 * (GREATEST skips nulls). Conflicts on id or order_id are skipped, so a re-run changes nothing.
 */
const INSERT_MANY = `
  INSERT INTO pick_tasks (id, order_id, customer_id, store_id, status, promised_ready_at, started_at, packed_at, created_at, updated_at)
  SELECT id, order_id, customer_id, store_id, status, promised_ready_at, started_at, packed_at, created_at,
         GREATEST(created_at, started_at, packed_at)
  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
    AS t(id, order_id, customer_id, store_id, status, promised_ready_at, started_at, packed_at, created_at)
  ON CONFLICT DO NOTHING
`;

// The statements every confirmed order runs are fixed texts run as named prepared statements (see
// `preparedStatement`): parsed and planned once per connection, and no knex query built per call.

const lockStore = preparedStatement(
  'fulfillment_lock_store',
  "SELECT pg_advisory_xact_lock(hashtext('fulfillment.store_load'), hashtext(current_schema() || ':' || $1::text))",
);

const openTasksAndCancellation = preparedStatement<{ open_tasks: number; cancelled: boolean }>(
  'fulfillment_open_tasks_and_cancellation',
  `SELECT (SELECT count(*)::int FROM pick_tasks WHERE store_id = $1 AND status = ANY($3::text[])) AS open_tasks,
          EXISTS (SELECT 1 FROM order_cancellations WHERE order_id = $2) AS cancelled`,
);

/**
 * A new task, its lines and its events (the outbox rows and the commit notification, `outboxSql`) in one
 * statement: the lines and the events go in only if the task did (each reads `task`, which has a row
 * only then; data-modifying CTEs run whatever the outer query reads). `inserted` is 0 when the task's
 * id or order already had one.
 */
const TASK_OUTBOX = outboxSql(12, { onlyWith: 'task' });
const createWithLines = preparedStatement<{ inserted: number }>(
  'fulfillment_create_task',
  `WITH task AS (
     INSERT INTO pick_tasks (id, order_id, customer_id, store_id, status, promised_ready_at, started_at, packed_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT DO NOTHING
     RETURNING id
   ), lines AS (
     INSERT INTO pick_task_items (task_id, product_id, quantity)
     SELECT task.id, l.product_id, l.quantity FROM task, unnest($10::text[], $11::int[]) AS l(product_id, quantity)
   ), ${TASK_OUTBOX.written}
   SELECT (SELECT count(*)::int FROM task) AS inserted, (SELECT ${TASK_OUTBOX.notify} FROM task) AS notified`,
);

/** pg sends null array elements as NULL; knex's binding types just do not list nullable arrays. */
const nullableTimes = (values: (Date | null)[]): Date[] => values as Date[];

/** Pick tasks in Postgres. Every method takes the knex (or a transaction) it was built with. */
export class PickTaskRepository {
  constructor(private readonly db: Knex) {}

  async findByIds(ids: readonly string[]): Promise<PickTaskRecord[]> {
    const rows = await this.db<PickTaskRow>('pick_tasks').select<PickTaskRow[]>(COLUMNS).whereIn('id', ids);
    return rows.map(toRecord);
  }

  async findByOrderIds(orderIds: readonly string[]): Promise<PickTaskRecord[]> {
    const rows = await this.db<PickTaskRow>('pick_tasks').select<PickTaskRow[]>(COLUMNS).whereIn('order_id', orderIds);
    return rows.map(toRecord);
  }

  /** A store's tasks, oldest first (id breaks ties so the order is stable), optionally of one status. */
  async queue(storeId: string, status: PickTaskStatus | null): Promise<PickTaskRecord[]> {
    const q = this.db<PickTaskRow>('pick_tasks')
      .select<PickTaskRow[]>(COLUMNS)
      .where('store_id', storeId)
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    if (status) q.where('status', status);
    return (await q).map(toRecord);
  }

  /**
   * Locks the task of an order until the end of the caller's transaction (SELECT … FOR UPDATE), so
   * changes to one task apply one after the other. Null when the order has no task.
   */
  async lockByOrderId(orderId: string): Promise<PickTaskRecord | null> {
    const row = await this.db<PickTaskRow>('pick_tasks').select<PickTaskRow[]>(COLUMNS).where('order_id', orderId).forUpdate().first();
    return row ? toRecord(row) : null;
  }

  /**
   * Inserts one task with its lines (one per product) and writes its events to the outbox, unless its id
   * or order already has a task (then nothing is written), in one statement; true when it was inserted.
   */
  async createWithLines(record: PickTaskRecord, lines: readonly { productId: string; quantity: number }[], events: readonly OutboxEvent[]): Promise<boolean> {
    const [row] = await createWithLines(this.db, [
      record.id,
      record.orderId,
      record.customerId ?? null,
      record.storeId,
      record.status,
      record.promisedReadyAt,
      record.startedAt,
      record.packedAt,
      record.createdAt,
      lines.map((l) => l.productId),
      lines.map((l) => l.quantity),
      ...outboxValues(events).values,
    ]);
    return row?.inserted === 1;
  }

  /** Applies a status change; the caller holds the row lock and has checked the transition. */
  async applyChange(id: string, change: PickTaskChange): Promise<PickTaskRecord> {
    const [row] = await this.db('pick_tasks')
      .where('id', id)
      .update({
        status: change.status,
        updated_at: change.at,
        ...(change.startedAt ? { started_at: change.startedAt } : {}),
        ...(change.packedAt ? { packed_at: change.packedAt } : {}),
      })
      .returning<PickTaskRow[]>(COLUMNS);
    if (!row) throw new Error(`pick task ${id} vanished under its lock`);
    return toRecord(row);
  }

  /**
   * Serializes changes to one store's open-task count until the end of the caller's transaction (a
   * transaction-scoped advisory lock, keyed by schema and store). Whoever holds it and then counts
   * sees every earlier change committed, so store-load events leave in the order of their counts.
   */
  async lockStore(storeId: string): Promise<void> {
    await lockStore(this.db, [storeId]);
  }

  /**
   * `countOpen` of the store and whether the order was cancelled before its confirmation came (see
   * `OrderCancellationRepository`), read together: one round trip for a confirmed order, after the
   * store's lock.
   */
  async openTasksAndCancellation(storeId: string, orderId: string): Promise<{ openTasks: number; cancelled: boolean }> {
    const [row] = await openTasksAndCancellation(this.db, [storeId, orderId, OPEN_PICK_TASK_STATUSES]);
    return { openTasks: row?.open_tasks ?? 0, cancelled: row?.cancelled === true };
  }

  /** Queued plus picking tasks of one store, as the caller's transaction sees them. */
  async countOpen(storeId: string): Promise<number> {
    const counts = await this.countOpenByStore([storeId]);
    return counts.get(storeId) ?? 0;
  }

  /**
   * One page of a store's tasks of the given statuses, most urgent first by (promised_ready_at, id),
   * plus one extra row that says whether another page follows, and the count over all pages.
   * Served by the (store_id, status, promised_ready_at, id) index.
   */
  async pageByStore(query: QueuePageQuery): Promise<{ rows: PickTaskRecord[]; totalCount: number }> {
    const pageQuery = this.db<PickTaskRow>('pick_tasks')
      .select<PickTaskRow[]>(COLUMNS)
      .where('store_id', query.storeId)
      .whereIn('status', query.statuses)
      .orderBy([{ column: 'promised_ready_at' }, { column: 'id' }])
      .limit(query.first + 1);
    if (query.after) pageQuery.whereRaw('(promised_ready_at, id) > (?::timestamptz, ?)', [query.after.promisedReadyAt, query.after.id]);
    const countQuery = this.db('pick_tasks').where('store_id', query.storeId).whereIn('status', query.statuses).count<{ count: string }[]>('* as count');
    const [rows, count] = await Promise.all([pageQuery, countQuery]);
    return { rows: rows.map(toRecord), totalCount: Number(count[0]?.count ?? 0) };
  }

  /** Queued plus picking tasks per store, in one GROUP BY; stores without open tasks are absent. */
  async countOpenByStore(storeIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db('pick_tasks')
      .select('store_id')
      .count<{ store_id: string; count: string }[]>('* as count')
      .whereIn('store_id', storeIds)
      .whereIn('status', OPEN_PICK_TASK_STATUSES)
      .groupBy('store_id');
    return new Map(rows.map((r) => [r.store_id, Number(r.count)]));
  }

  /** Inserts tasks in one statement, skipping any whose id or order already has a task; the seed loads data through this. */
  async insertMany(records: readonly PickTaskRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.raw(INSERT_MANY, [
      records.map((r) => r.id),
      records.map((r) => r.orderId),
      records.map((r) => r.customerId ?? null) as string[],
      records.map((r) => r.storeId),
      records.map((r) => r.status),
      records.map((r) => r.promisedReadyAt),
      nullableTimes(records.map((r) => r.startedAt)),
      nullableTimes(records.map((r) => r.packedAt)),
      records.map((r) => r.createdAt),
    ]);
  }
}
