import type { Knex } from '@qc/shared';
import { nullableNumbers } from './positions';
import type { HistoryRecord } from './types';

interface HistoryRow {
  courier_id: string;
  order_id: string;
  lat: number;
  lng: number;
  heading: number | null;
  speed: number | null;
  accuracy: number | null;
  recorded_at: Date;
}

const toRecord = (row: HistoryRow): HistoryRecord => ({
  courierId: row.courier_id,
  orderId: row.order_id,
  lat: row.lat,
  lng: row.lng,
  heading: row.heading,
  speed: row.speed,
  accuracy: row.accuracy,
  recordedAt: row.recorded_at,
});

/** One statement for any batch: eight array parameters instead of eight per row. */
const INSERT_MANY = `
  INSERT INTO location_reports (courier_id, order_id, lat, lng, heading, speed, accuracy, recorded_at)
  SELECT * FROM unnest(?::text[], ?::text[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::timestamptz[])
`;

/** The trail of each delivery: kept reports of couriers while they carried an order. */
export class HistoryRepository {
  constructor(private readonly db: Knex) {}

  /** Appends reports in one INSERT. */
  async insertMany(records: readonly HistoryRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.raw(INSERT_MANY, [
      records.map((r) => r.courierId),
      records.map((r) => r.orderId),
      records.map((r) => r.lat),
      records.map((r) => r.lng),
      nullableNumbers(records.map((r) => r.heading)),
      nullableNumbers(records.map((r) => r.speed)),
      nullableNumbers(records.map((r) => r.accuracy)),
      records.map((r) => r.recordedAt),
    ]);
  }

  /** The trail of an order's delivery, oldest first. */
  async findByOrder(orderId: string): Promise<HistoryRecord[]> {
    const rows = await this.db<HistoryRow>('location_reports')
      .select<HistoryRow[]>('courier_id', 'order_id', 'lat', 'lng', 'heading', 'speed', 'accuracy', 'recorded_at')
      .where('order_id', orderId)
      .orderBy('recorded_at');
    return rows.map(toRecord);
  }
}
