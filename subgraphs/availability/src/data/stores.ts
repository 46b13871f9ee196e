import type { Knex } from '@qc/shared';
import type { StoreIndex } from './store-index';
import type { OpeningHoursRecord, StoreRecord, StoreSnapshot } from './types';

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

/** Only the fields a store has, whatever else the caller's object carries. */
const cleanRecord = (record: StoreRecord): StoreRecord => ({
  id: record.id,
  name: record.name,
  lat: record.lat,
  lng: record.lng,
  address: record.address,
  deliveryRadiusMeters: record.deliveryRadiusMeters,
  capacity: record.capacity,
  timezone: record.timezone,
  openingHours: record.openingHours.map(({ dayOfWeek, opens, closes }) => ({ dayOfWeek, opens, closes })),
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

/** Changes whenever a store is added or updated (every upsert sets `updated_at`); microseconds, not ms. */
const SIGNATURE = `count(*) || ':' || coalesce((extract(epoch FROM max(updated_at)) * 1000000)::bigint::text, '-')`;

/**
 * Dark stores in Postgres. Every method uses the knex (or transaction) it was built with. Given a
 * location index, `upsertMany` keeps it in step.
 */
export class StoreRepository {
  constructor(
    private readonly db: Knex,
    private readonly index?: StoreIndex,
  ) {}

  async findByIds(ids: readonly string[]): Promise<StoreRecord[]> {
    const rows = await this.db<StoreRow>('stores').select<StoreRow[]>(COLUMNS).whereIn('id', ids);
    return rows.map(toRecord);
  }

  /** Every store by name (id breaks ties so the order is stable). */
  async all(): Promise<StoreRecord[]> {
    const rows = await this.db<StoreRow>('stores').select<StoreRow[]>(COLUMNS).orderBy([{ column: 'name' }, { column: 'id' }]);
    return rows.map(toRecord);
  }

  /** A fingerprint of the table (`count:max(updated_at)`): when it moves, the location index is rebuilt. */
  async signature(): Promise<string> {
    const row = await this.db('stores').first<{ signature: string }>(this.db.raw(`${SIGNATURE} AS signature`));
    return row!.signature;
  }

  /** Every store and the table's signature, read in one snapshot so the two always agree. */
  async snapshot(): Promise<StoreSnapshot> {
    return this.db.transaction(
      async (trx) => {
        const rows = await trx<StoreRow>('stores').select<StoreRow[]>(COLUMNS).orderBy('id');
        const signature = await trx('stores').first<{ signature: string }>(trx.raw(`${SIGNATURE} AS signature`));
        return { stores: rows.map(toRecord), signature: signature!.signature };
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  }

  /**
   * Inserts or updates stores by id in one statement (the seed sends up to 5,000 per call), then puts
   * them in the location index if this repository has one. Inside a transaction that later rolls back
   * the index would run ahead of the table until the next rebuild; upsert stores outside one.
   * When an id appears twice in one call the last record wins: Postgres refuses to update a row twice in one statement.
   */
  async upsertMany(records: readonly StoreRecord[]): Promise<void> {
    if (records.length === 0) return;
    const unique = [...new Map(records.map((r) => [r.id, r])).values()];
    await this.db('stores')
      .insert(unique.map((record) => ({ ...toRow(record), updated_at: this.db.fn.now() })))
      .onConflict('id')
      .merge([...COLUMNS.filter((c) => c !== 'id'), 'updated_at']);
    // The index gets the records as Postgres holds them, not whatever else the caller's objects carry.
    await this.index?.put(unique.map(cleanRecord));
  }
}
