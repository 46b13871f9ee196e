import type { Knex } from '@qc/shared';
import type { StockRecord } from './types';

interface StockRow {
  store_id: string;
  product_id: string;
  on_hand: number;
  reserved: number;
}

const COLUMNS = ['store_id', 'product_id', 'on_hand', 'reserved'];

const toRecord = (row: StockRow): StockRecord => ({
  storeId: row.store_id,
  productId: row.product_id,
  onHand: row.on_hand,
  reserved: row.reserved,
});

/** Stock per store and product in Postgres. Every method uses the knex (or transaction) it was built with. */
export class StockRepository {
  constructor(private readonly db: Knex) {}

  /** Stock of the given products in every store that carries them, by product then store. */
  async findByProductIds(productIds: readonly string[]): Promise<StockRecord[]> {
    const rows = await this.db<StockRow>('stock')
      .select<StockRow[]>(COLUMNS)
      .whereIn('product_id', productIds)
      .orderBy([{ column: 'product_id' }, { column: 'store_id' }]);
    return rows.map(toRecord);
  }

  /**
   * Sets stock by (store, product) in one statement however many records come (the seed sends 5,000
   * per call and millions overall): four arrays unnested server-side instead of 20,000 bind parameters.
   * When a key appears twice in one call the last record wins, as Postgres refuses to update a row twice.
   */
  async upsertMany(records: readonly StockRecord[]): Promise<void> {
    if (records.length === 0) return;
    const unique = [...new Map(records.map((r) => [`${r.storeId}\u0000${r.productId}`, r])).values()];
    await this.db.raw(
      `INSERT INTO stock (store_id, product_id, on_hand, reserved, updated_at)
       SELECT store_id, product_id, on_hand, reserved, now()
       FROM unnest(?::text[], ?::text[], ?::int[], ?::int[]) AS t(store_id, product_id, on_hand, reserved)
       ON CONFLICT (store_id, product_id) DO UPDATE
       SET on_hand = excluded.on_hand, reserved = excluded.reserved, updated_at = excluded.updated_at`,
      [
        unique.map((r) => r.storeId),
        unique.map((r) => r.productId),
        unique.map((r) => r.onHand),
        unique.map((r) => r.reserved),
      ],
    );
  }
}
