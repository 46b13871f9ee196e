import type { Knex } from '@qc/shared';
import type { InventoryAdjustmentRecord } from './types';

interface HistoryRow {
  id: string;
  store_id: string;
  product_id: string;
  delta: number;
  reason: string;
  on_hand_after: number;
  reserved_after: number;
  actor: string;
  created_at: Date;
}

const COLUMNS = ['id', 'store_id', 'product_id', 'delta', 'reason', 'on_hand_after', 'reserved_after', 'actor', 'created_at'];

const toRecord = (row: HistoryRow): InventoryAdjustmentRecord => ({
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

/** The inventory history: every stock change made by staff, append-only. */
export class InventoryHistoryRepository {
  constructor(private readonly db: Knex) {}

  async insert(record: Omit<InventoryAdjustmentRecord, 'at'>): Promise<InventoryAdjustmentRecord> {
    const [row] = await this.db<HistoryRow>('inventory_history')
      .insert({
        id: record.id,
        store_id: record.storeId,
        product_id: record.productId,
        delta: record.delta,
        reason: record.reason,
        on_hand_after: record.onHandAfter,
        reserved_after: record.reservedAfter,
        actor: record.actor,
      })
      .returning<HistoryRow[]>(COLUMNS);
    return toRecord(row!);
  }

  /** The changes of one stock line, newest first. */
  async listFor(storeId: string, productId: string, limit = 100): Promise<InventoryAdjustmentRecord[]> {
    const rows = await this.db<HistoryRow>('inventory_history')
      .select<HistoryRow[]>(COLUMNS)
      .where({ store_id: storeId, product_id: productId })
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(limit);
    return rows.map(toRecord);
  }
}
