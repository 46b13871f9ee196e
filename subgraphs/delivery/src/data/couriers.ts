import type { Knex } from '@qc/shared';
import { arrayBinding } from './bindings';
import type { CourierRecord, CourierStatus, DispatchableCourierRecord, VehicleType } from './types';

interface CourierRow {
  id: string;
  name: string;
  vehicle: VehicleType;
  /** pg returns numeric as a string so no precision is lost on the way. */
  rating: string;
  status: CourierStatus;
  current_load: number;
  home_store_id: string | null;
  idle_since: Date | null;
}

const COLUMNS = ['id', 'name', 'vehicle', 'rating', 'status', 'current_load', 'home_store_id'];

const toRecord = (row: CourierRow): CourierRecord => ({
  id: row.id,
  name: row.name,
  vehicle: row.vehicle,
  rating: Number(row.rating),
  status: row.status,
  currentLoad: row.current_load,
  homeStoreId: row.home_store_id,
});

const toDispatchable = (row: CourierRow): DispatchableCourierRecord => ({ ...toRecord(row), idleSince: row.idle_since });

/**
 * One statement for any batch size: seven array parameters instead of seven per row, so a batch
 * never hits Postgres' 65,535-parameter limit. A re-run overwrites the courier and stamps `updated_at`;
 * a courier who becomes free starts their idle clock now, one who stays free keeps it.
 */
const UPSERT_MANY = `
  INSERT INTO couriers (id, name, vehicle, rating, status, current_load, home_store_id, idle_since)
  SELECT t.*, CASE WHEN t.status IN ('IDLE', 'OFFERED') THEN now() END
  FROM unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::text[], ?::int[], ?::text[])
    AS t(id, name, vehicle, rating, status, current_load, home_store_id)
  ON CONFLICT (id) DO UPDATE SET
    name = EXCLUDED.name,
    vehicle = EXCLUDED.vehicle,
    rating = EXCLUDED.rating,
    status = EXCLUDED.status,
    current_load = EXCLUDED.current_load,
    home_store_id = EXCLUDED.home_store_id,
    idle_since = CASE
      WHEN EXCLUDED.status NOT IN ('IDLE', 'OFFERED') THEN NULL
      ELSE COALESCE(couriers.idle_since, now())
    END,
    updated_at = now()
`;

/** What a status change does to the courier's idle clock. */
export type IdleClock = 'start' | 'keep' | 'stop';
const IDLE_SQL: Record<IdleClock, string> = { start: 'now()', keep: 'idle_since', stop: 'NULL' };

/** Couriers in Postgres. Every method takes the knex (or a transaction) it was built with. */
export class CourierRepository {
  constructor(private readonly db: Knex) {}

  async findByIds(ids: readonly string[]): Promise<CourierRecord[]> {
    const rows = await this.db<CourierRow>('couriers').select<CourierRow[]>(COLUMNS).whereIn('id', ids);
    return rows.map(toRecord);
  }

  /** Couriers in any of `statuses`, by id, at most `limit` (the admins' city view). */
  async findByStatuses(statuses: readonly CourierStatus[], limit: number): Promise<CourierRecord[]> {
    if (statuses.length === 0) return [];
    const rows = await this.db<CourierRow>('couriers').select<CourierRow[]>(COLUMNS).whereIn('status', statuses).orderBy('id').limit(limit);
    return rows.map(toRecord);
  }

  /** The couriers among `ids` who are free right now, with their idle clock, for ranking. */
  async findIdleByIds(ids: readonly string[]): Promise<DispatchableCourierRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db<CourierRow>('couriers')
      .select<CourierRow[]>([...COLUMNS, 'idle_since'])
      .whereIn('id', ids)
      .andWhere('status', 'IDLE');
    return rows.map(toDispatchable);
  }

  /**
   * Moves a courier from `from` to `to` only if they are still in `from` (compare-and-set), adjusting
   * their load and idle clock. False when someone else changed them first: the caller decides.
   */
  async compareAndSet(
    id: string,
    from: CourierStatus,
    to: CourierStatus,
    opts: { loadDelta?: number; idle?: IdleClock } = {},
  ): Promise<CourierRecord | null> {
    const idle = opts.idle ?? 'keep';
    const rows: CourierRow[] = await this.db('couriers')
      .where({ id, status: from })
      .update({
        status: to,
        // The CHECK current_load >= 0 refuses a load that would go negative, so a bug cannot hide.
        current_load: this.db.raw('current_load + ?', [opts.loadDelta ?? 0]),
        idle_since: this.db.raw(IDLE_SQL[idle]),
        updated_at: this.db.fn.now(),
      })
      .returning(COLUMNS);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Upserts by id in one statement; the seed and tests load couriers through this. */
  async upsertMany(records: readonly CourierRecord[]): Promise<void> {
    if (records.length === 0) return;
    // ON CONFLICT DO UPDATE refuses to touch one row twice in a statement: the last record of an id wins.
    const unique = [...new Map(records.map((r) => [r.id, r])).values()];
    await this.db.raw(UPSERT_MANY, [
      arrayBinding(unique.map((r) => r.id)),
      arrayBinding(unique.map((r) => r.name)),
      arrayBinding(unique.map((r) => r.vehicle)),
      arrayBinding(unique.map((r) => r.rating)),
      arrayBinding(unique.map((r) => r.status)),
      arrayBinding(unique.map((r) => r.currentLoad)),
      arrayBinding(unique.map((r) => r.homeStoreId)),
    ]);
  }
}
