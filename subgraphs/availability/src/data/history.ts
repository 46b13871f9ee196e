import type { Knex } from '@qc/shared';
import type { InventoryAdjustmentRecord, InventoryChangeKind, InventoryChangeRecord } from './types';

/** A history row as Postgres returns it (also from the reservation's hold: `ReservationRepository.hold`). */
export interface HistoryRow {
  id: string;
  store_id: string;
  product_id: string;
  kind: InventoryChangeKind;
  delta: number;
  reserved_delta: number;
  reason: string;
  on_hand_after: number;
  reserved_after: number;
  actor: string;
  reservation_id: string | null;
  created_at: Date;
}

const COLUMNS = ['id', 'store_id', 'product_id', 'kind', 'delta', 'reserved_delta', 'reason', 'on_hand_after', 'reserved_after', 'actor', 'reservation_id', 'created_at'];

export const toChange = (row: HistoryRow): InventoryChangeRecord => ({
  id: row.id,
  storeId: row.store_id,
  productId: row.product_id,
  kind: row.kind,
  delta: row.delta,
  reservedDelta: row.reserved_delta,
  reason: row.reason,
  onHandAfter: row.on_hand_after,
  reservedAfter: row.reserved_after,
  actor: row.actor,
  reservationId: row.reservation_id,
  at: row.created_at,
});

const toAdjustment = (row: HistoryRow): InventoryAdjustmentRecord => ({
  id: row.id,
  storeId: row.store_id,
  productId: row.product_id,
  delta: row.delta,
  reason: row.reason,
  onHandAfter: row.on_hand_after,
  reservedAfter: row.reserved_after,
  actor: row.actor,
  at: row.created_at,
});

const toRow = (record: Omit<InventoryChangeRecord, 'at'>) => ({
  id: record.id,
  store_id: record.storeId,
  product_id: record.productId,
  kind: record.kind,
  delta: record.delta,
  reserved_delta: record.reservedDelta,
  reason: record.reason,
  on_hand_after: record.onHandAfter,
  reserved_after: record.reservedAfter,
  actor: record.actor,
  reservation_id: record.reservationId,
});

/** The inventory history: every stock change (staff adjustments, reservations, releases, packing), append-only. */
export class InventoryHistoryRepository {
  constructor(private readonly db: Knex) {}

  /** Records a staff adjustment (on hand changed, reserved untouched). */
  async insert(record: Omit<InventoryAdjustmentRecord, 'at'>): Promise<InventoryAdjustmentRecord> {
    const [row] = await this.db<HistoryRow>('inventory_history')
      .insert(toRow({ ...record, kind: 'ADJUSTMENT', reservedDelta: 0, reservationId: null }))
      .returning<HistoryRow[]>(COLUMNS);
    return toAdjustment(row!);
  }

  /** Records the changes a reservation made, in one statement. */
  async insertChanges(records: readonly Omit<InventoryChangeRecord, 'at'>[]): Promise<InventoryChangeRecord[]> {
    if (records.length === 0) return [];
    const rows = await this.db<HistoryRow>('inventory_history').insert(records.map(toRow)).returning<HistoryRow[]>(COLUMNS);
    return rows.map(toChange);
  }

  /** The staff adjustments of one stock line, newest first. */
  async listFor(storeId: string, productId: string, limit = 100): Promise<InventoryAdjustmentRecord[]> {
    const rows = await this.db<HistoryRow>('inventory_history')
      .select<HistoryRow[]>(COLUMNS)
      .where({ store_id: storeId, product_id: productId, kind: 'ADJUSTMENT' })
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(limit);
    return rows.map(toAdjustment);
  }

  /** Every change of one stock line, of any kind, oldest first. */
  async changesFor(storeId: string, productId: string, limit = 1000): Promise<InventoryChangeRecord[]> {
    const rows = await this.db<HistoryRow>('inventory_history')
      .select<HistoryRow[]>(COLUMNS)
      .where({ store_id: storeId, product_id: productId })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .limit(limit);
    return rows.map(toChange);
  }
}
