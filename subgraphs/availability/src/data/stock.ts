import type { Knex } from '@qc/shared';
import type { FreeStockRecord, StockRecord } from './types';

interface StockRow {
  store_id: string;
  product_id: string;
  on_hand: number;
  reserved: number;
}

const COLUMNS = ['store_id', 'product_id', 'on_hand', 'reserved'];
/** Products per slice of a store's stock for the cache's warm-up: see `StockCache.warm`. */
export const STOCK_SLICE = 500;
const STORE_FREE_UNITS_SLICES = `SELECT json_object_agg(product_id, free)::text AS free
  FROM (SELECT product_id, on_hand - reserved AS free, (row_number() OVER (ORDER BY product_id) - 1) / ${STOCK_SLICE} AS slice FROM stock WHERE store_id = ?) AS s
  GROUP BY slice ORDER BY slice`;
const FREE_UNITS = 'SELECT store_id, product_id, on_hand - reserved AS free FROM stock WHERE store_id = ANY(?::text[]) AND product_id = ANY(?::text[])';
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
   * carry are simply absent). One index scan on the (store_id, product_id) key. Every availability
   * lookup that misses the cache comes here: one SQL text whatever the numbers of ids (array
   * parameters, not `IN (?, ?, …)`), sent as a named prepared statement, so Postgres parses and plans
   * it once per connection and knex builds nothing per call.
   */
  async freeUnits(storeIds: readonly string[], productIds: readonly string[]): Promise<FreeStockRecord[]> {
    if (storeIds.length === 0 || productIds.length === 0) return [];
    const { rows } = await this.db
      .raw<{ rows: { store_id: string; product_id: string; free: number }[] }>(FREE_UNITS, [[...storeIds], [...productIds]])
      .options({ name: 'availability_free_units' });
    return rows.map((row) => ({ storeId: row.store_id, productId: row.product_id, free: row.free }));
  }

  /**
   * Free units of every product one store carries, as JSON objects (product id → units) of up to
   * `STOCK_SLICE` products each, for the stock cache's warm-up to hand to Redis as they are: a few values
   * to pass on instead of ~4,000 rows to parse. One statement, so every slice is of the same snapshot; a
   * range of the (store_id, product_id) key, a prepared statement. None for a store that carries nothing.
   */
  async freeUnitsOfStoreSlices(storeId: string): Promise<string[]> {
    const { rows } = await this.db
      .raw<{ rows: { free: string }[] }>(STORE_FREE_UNITS_SLICES, [storeId])
      .options({ name: 'availability_store_free_units_slices' });
    return rows.map((row) => row.free);
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
   * Stops holding `reserved` units of each line and takes `packed` of them off the shelf (0 for a plain
   * release): a release of several reservations, a packed bag. The rows are locked in (store, product)
   * order first, the order every writer locks stock rows in, then one UPDATE changes them all. A line
   * named twice is applied once per mention. The CHECKs refuse a row that would hold fewer than zero:
   * that would mean the reservations and the stock disagree, which must fail loudly rather than be
   * clamped. Returns each row as it ends up, in (store, product) order; throws when a line does not exist.
   */
  async unreserveMany(lines: readonly { storeId: string; productId: string; reserved: number; packed?: number }[]): Promise<StockRecord[]> {
    if (lines.length === 0) return [];
    const totals = new Map<string, { storeId: string; productId: string; reserved: number; packed: number }>();
    for (const line of lines) {
      const key = `${line.storeId}\u0000${line.productId}`;
      const total = totals.get(key) ?? { storeId: line.storeId, productId: line.productId, reserved: 0, packed: 0 };
      total.reserved += line.reserved;
      total.packed += line.packed ?? 0;
      totals.set(key, total);
    }
    const wanted = [...totals.values()];
    const stores = wanted.map((l) => l.storeId);
    const products = wanted.map((l) => l.productId);
    await this.db.raw(
      `SELECT 1 FROM stock
       WHERE (store_id, product_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))
       ORDER BY store_id, product_id
       FOR UPDATE`,
      [stores, products],
    );
    const result = await this.db.raw<{ rows: StockRow[] }>(
      `UPDATE stock AS s SET reserved = s.reserved - w.reserved, on_hand = s.on_hand - w.packed, updated_at = now()
       FROM unnest(?::text[], ?::text[], ?::int[], ?::int[]) AS w(store_id, product_id, reserved, packed)
       WHERE s.store_id = w.store_id AND s.product_id = w.product_id
       RETURNING s.store_id, s.product_id, s.on_hand, s.reserved`,
      [stores, products, wanted.map((l) => l.reserved), wanted.map((l) => l.packed)],
    );
    const byKey = new Map(result.rows.map((row) => [`${row.store_id}\u0000${row.product_id}`, toRecord(row)]));
    const missing = wanted.find((l) => !byKey.has(`${l.storeId}\u0000${l.productId}`));
    if (missing) throw new Error(`stock line ${missing.storeId}/${missing.productId} held by a reservation does not exist`);
    return wanted
      .map((l) => byKey.get(`${l.storeId}\u0000${l.productId}`)!)
      .sort((a, b) => (a.storeId === b.storeId ? (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0) : a.storeId < b.storeId ? -1 : 1));
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
