import type { Knex } from '@qc/shared';
import { arrayBinding } from './bindings';
import type { CourierRecord, CourierStatus, VehicleType } from './types';

interface CourierRow {
  id: string;
  name: string;
  vehicle: VehicleType;
  /** pg returns numeric as a string so no precision is lost on the way. */
  rating: string;
  status: CourierStatus;
  current_load: number;
  home_store_id: string | null;
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

/**
 * One statement for any batch size: seven array parameters instead of seven per row, so a batch
 * never hits Postgres' 65,535-parameter limit. A re-run overwrites the courier and stamps `updated_at`.
 */
const UPSERT_MANY = `
  INSERT INTO couriers (id, name, vehicle, rating, status, current_load, home_store_id)
  SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::text[], ?::int[], ?::text[])
  ON CONFLICT (id) DO UPDATE SET
    name = EXCLUDED.name,
    vehicle = EXCLUDED.vehicle,
    rating = EXCLUDED.rating,
    status = EXCLUDED.status,
    current_load = EXCLUDED.current_load,
    home_store_id = EXCLUDED.home_store_id,
    updated_at = now()
`;

/** Couriers in Postgres. Every method takes the knex (or a transaction) it was built with. */
export class CourierRepository {
  constructor(private readonly db: Knex) {}

  async findByIds(ids: readonly string[]): Promise<CourierRecord[]> {
    const rows = await this.db<CourierRow>('couriers').select<CourierRow[]>(COLUMNS).whereIn('id', ids);
    return rows.map(toRecord);
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
