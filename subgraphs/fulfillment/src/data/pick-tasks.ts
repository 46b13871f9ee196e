import type { Knex } from '@qc/shared';
import { OPEN_PICK_TASK_STATUSES, type PickTaskRecord, type PickTaskStatus } from './types';

interface PickTaskRow {
  id: string;
  order_id: string;
  store_id: string;
  status: PickTaskStatus;
  promised_ready_at: Date;
  started_at: Date | null;
  packed_at: Date | null;
  created_at: Date;
}

const COLUMNS = ['id', 'order_id', 'store_id', 'status', 'promised_ready_at', 'started_at', 'packed_at', 'created_at'];

const toRecord = (row: PickTaskRow): PickTaskRecord => ({
  id: row.id,
  orderId: row.order_id,
  storeId: row.store_id,
  status: row.status,
  promisedReadyAt: row.promised_ready_at,
  startedAt: row.started_at,
  packedAt: row.packed_at,
  createdAt: row.created_at,
});

/**
 * One statement for any batch size: nine array parameters instead of nine per row, so a batch never
 * hits Postgres' 65,535-parameter limit. `updated_at` is the latest thing that happened to the task
 * (GREATEST skips nulls). Conflicts on id or order_id are skipped, so a re-run changes nothing.
 */
const INSERT_MANY = `
  INSERT INTO pick_tasks (id, order_id, store_id, status, promised_ready_at, started_at, packed_at, created_at, updated_at)
  SELECT id, order_id, store_id, status, promised_ready_at, started_at, packed_at, created_at,
         GREATEST(created_at, started_at, packed_at)
  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
    AS t(id, order_id, store_id, status, promised_ready_at, started_at, packed_at, created_at)
  ON CONFLICT DO NOTHING
`;

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
      records.map((r) => r.storeId),
      records.map((r) => r.status),
      records.map((r) => r.promisedReadyAt),
      nullableTimes(records.map((r) => r.startedAt)),
      nullableTimes(records.map((r) => r.packedAt)),
      records.map((r) => r.createdAt),
    ]);
  }
}
