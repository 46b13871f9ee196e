import type { Knex } from '@qc/shared';

/**
 * How busy each store is, for choosing where a reservation goes: open pick tasks as fulfillment last
 * reported them (`fulfillment.store_load`, kept in `store_load`) plus the store's ACTIVE reservations,
 * which are orders not yet confirmed and so not yet in fulfillment's queue.
 */
export class StoreLoadRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Records a store's open task count as of `reportedAt`. A report older than the one kept is ignored,
   * so events arriving out of order (a redelivery after a newer one) never roll the number back.
   * Returns whether it was kept.
   */
  async record(storeId: string, openTasks: number, reportedAt: Date): Promise<boolean> {
    const result = await this.db.raw<{ rowCount: number }>(
      `INSERT INTO store_load (store_id, open_tasks, reported_at) VALUES (?, ?, ?)
       ON CONFLICT (store_id) DO UPDATE SET open_tasks = excluded.open_tasks, reported_at = excluded.reported_at
       WHERE store_load.reported_at <= excluded.reported_at`,
      [storeId, openTasks, reportedAt.toISOString()],
    );
    return result.rowCount > 0;
  }

  /**
   * {@link record} for several reports in one statement: the newest of each store's reports is written
   * (Postgres cannot change one row twice in a statement), under the same rule.
   */
  async recordMany(reports: readonly { storeId: string; openTasks: number; reportedAt: Date }[]): Promise<void> {
    const newest = new Map<string, { storeId: string; openTasks: number; reportedAt: Date }>();
    for (const report of reports) {
      const kept = newest.get(report.storeId);
      if (!kept || kept.reportedAt <= report.reportedAt) newest.set(report.storeId, report);
    }
    if (newest.size === 0) return;
    const rows = [...newest.values()];
    await this.db.raw(
      `INSERT INTO store_load (store_id, open_tasks, reported_at)
       SELECT * FROM unnest(?::text[], ?::int[], ?::timestamptz[])
       ON CONFLICT (store_id) DO UPDATE SET open_tasks = excluded.open_tasks, reported_at = excluded.reported_at
       WHERE store_load.reported_at <= excluded.reported_at`,
      [rows.map((r) => r.storeId), rows.map((r) => r.openTasks), rows.map((r) => r.reportedAt.toISOString())],
    );
  }

  /** Load per store (open tasks + ACTIVE reservations); 0 for a store nobody reported on. One query. */
  async loads(storeIds: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    if (storeIds.length === 0) return found;
    const result = await this.db.raw<{ rows: { store_id: string; load: number }[] }>(
      `SELECT s.id AS store_id, (coalesce(l.open_tasks, 0) + coalesce(r.active, 0))::int AS load
       FROM unnest(?::text[]) AS s(id)
       LEFT JOIN store_load l ON l.store_id = s.id
       LEFT JOIN (
         SELECT store_id, count(*) AS active FROM reservations
         WHERE status = 'ACTIVE' AND store_id = ANY(?::text[]) GROUP BY store_id
       ) r ON r.store_id = s.id`,
      [[...storeIds], [...storeIds]],
    );
    for (const row of result.rows) found.set(row.store_id, row.load);
    return found;
  }

  /** Open tasks fulfillment last reported for a store, or null if it never did. */
  async openTasks(storeId: string): Promise<number | null> {
    const row = await this.db('store_load').first<{ open_tasks: number } | undefined>('open_tasks').where('store_id', storeId);
    return row ? row.open_tasks : null;
  }
}
