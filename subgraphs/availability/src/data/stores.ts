import type { Knex } from '@qc/shared';
import type { OpeningHoursRecord, StoreRecord } from './types';

interface StoreRow {
  id: string;
  name: string;
  lat: number;
  lng: number;
  address: string;
  delivery_radius_m: number;
  capacity: number;
  timezone: string;
  opening_hours: OpeningHoursRecord[];
}

const COLUMNS = ['id', 'name', 'lat', 'lng', 'address', 'delivery_radius_m', 'capacity', 'timezone', 'opening_hours'];

const toRecord = (row: StoreRow): StoreRecord => ({
  id: row.id,
  name: row.name,
  lat: row.lat,
  lng: row.lng,
  address: row.address,
  deliveryRadiusMeters: row.delivery_radius_m,
  capacity: row.capacity,
  timezone: row.timezone,
  openingHours: row.opening_hours,
});

const toRow = (record: StoreRecord) => ({
  id: record.id,
  name: record.name,
  lat: record.lat,
  lng: record.lng,
  address: record.address,
  delivery_radius_m: record.deliveryRadiusMeters,
  capacity: record.capacity,
  timezone: record.timezone,
  // pg would send a JS array as a Postgres array literal; jsonb needs JSON text.
  opening_hours: JSON.stringify(
    record.openingHours.map(({ dayOfWeek, opens, closes }) => ({ dayOfWeek, opens, closes })),
  ),
});

/** Dark stores in Postgres. Every method uses the knex (or transaction) it was built with. */
export class StoreRepository {
  constructor(private readonly db: Knex) {}

  async findByIds(ids: readonly string[]): Promise<StoreRecord[]> {
    const rows = await this.db<StoreRow>('stores').select<StoreRow[]>(COLUMNS).whereIn('id', ids);
    return rows.map(toRecord);
  }

  /** Every store by name (id breaks ties so the order is stable). */
  async all(): Promise<StoreRecord[]> {
    const rows = await this.db<StoreRow>('stores').select<StoreRow[]>(COLUMNS).orderBy([{ column: 'name' }, { column: 'id' }]);
    return rows.map(toRecord);
  }

  /**
   * Inserts or updates stores by id in one statement (the seed sends up to 5,000 per call).
   * When an id appears twice in one call the last record wins: Postgres refuses to update a row twice in one statement.
   */
  async upsertMany(records: readonly StoreRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = [...new Map(records.map((r) => [r.id, toRow(r)])).values()];
    await this.db('stores')
      .insert(rows.map((row) => ({ ...row, updated_at: this.db.fn.now() })))
      .onConflict('id')
      .merge([...COLUMNS.filter((c) => c !== 'id'), 'updated_at']);
  }
}
