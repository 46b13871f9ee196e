import type { Knex } from '@qc/shared';
import type { FreeStockRecord, StockRecord } from './types';

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

  async find(storeId: string, productId: string): Promise<StockRecord | null> {
    const row = await this.db<StockRow>('stock').first<StockRow | undefined>(COLUMNS).where({ store_id: storeId, product_id: productId });
    return row ? toRecord(row) : null;
  }

  /**
   * Free units of every given product in every given store that carries it (pairs a store does not
   * carry are simply absent). One index scan on the (store_id, product_id) key.
   */
  async freeUnits(storeIds: readonly string[], productIds: readonly string[]): Promise<FreeStockRecord[]> {
    if (storeIds.length === 0 || productIds.length === 0) return [];
    const rows = await this.db('stock')
      .select<{ store_id: string; product_id: string; free: number }[]>('store_id', 'product_id', this.db.raw('on_hand - reserved AS free'))
      .whereIn('store_id', storeIds)
      .whereIn('product_id', productIds);
    return rows.map((row) => ({ storeId: row.store_id, productId: row.product_id, free: row.free }));
  }

  /**
   * Adds `delta` to the units on hand in one conditional UPDATE, or changes nothing and returns null when
   * the line does not exist or the result would be below the reserved units (or beyond a 32-bit count).
   * The row lock makes concurrent adjustments queue, and Postgres re-checks the WHERE against the row
   * each one finds after the wait, so twenty −1s on ten free units leave exactly ten applied.
   */
  async adjustOnHand(storeId: string, productId: string, delta: number): Promise<StockRecord | null> {
    const result = await this.db.raw<{ rows: StockRow[] }>(
      `UPDATE stock SET on_hand = on_hand + ?, updated_at = now()
       WHERE store_id = ? AND product_id = ? AND on_hand::bigint + ? BETWEEN reserved AND 2147483647
       RETURNING store_id, product_id, on_hand, reserved`,
      [delta, storeId, productId, delta],
    );
    const row = result.rows[0];
    return row ? toRecord(row) : null;
  }

  /**
   * Holds `quantity` more units of one line, only if that many are free (`on_hand - reserved >= quantity`);
   * null when they are not (or the line does not exist). Concurrent holds of one row queue on its lock and
   * each re-checks the condition against the row it finds after the wait: the last free unit goes to one.
   */
  async reserve(storeId: string, productId: string, quantity: number): Promise<StockRecord | null> {
    const result = await this.db.raw<{ rows: StockRow[] }>(
      `UPDATE stock SET reserved = reserved + ?, updated_at = now()
       WHERE store_id = ? AND product_id = ? AND on_hand - reserved >= ?
       RETURNING store_id, product_id, on_hand, reserved`,
      [quantity, storeId, productId, quantity],
    );
    const row = result.rows[0];
    return row ? toRecord(row) : null;
  }

  /**
   * Stops holding `reserved` units of one line and takes `packed` of them off the shelf (0 for a plain
   * release). The CHECKs refuse a row that would hold fewer than zero: that would mean the reservations and
   * the stock disagree, which must fail loudly rather than be clamped.
   */
  async unreserve(storeId: string, productId: string, reserved: number, packed = 0): Promise<StockRecord> {
    const result = await this.db.raw<{ rows: StockRow[] }>(
      `UPDATE stock SET reserved = reserved - ?, on_hand = on_hand - ?, updated_at = now()
       WHERE store_id = ? AND product_id = ?
       RETURNING store_id, product_id, on_hand, reserved`,
      [reserved, packed, storeId, productId],
    );
    const row = result.rows[0];
    if (!row) throw new Error(`stock line ${storeId}/${productId} held by a reservation does not exist`);
    return toRecord(row);
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
