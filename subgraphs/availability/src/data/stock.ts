import type { Knex } from '@qc/shared';
import type { FreeStockRecord, StockRecord } from './types';

interface StockRow {
  store_id: string;
  product_id: string;
  on_hand: number;
  reserved: number;
}

const COLUMNS = ['store_id', 'product_id', 'on_hand', 'reserved'];
const STORE_FREE_UNITS_JSON = "SELECT coalesce(json_object_agg(product_id, on_hand - reserved), '{}')::text AS free FROM stock WHERE store_id = ?";
const FREE_UNITS = 'SELECT store_id, product_id, on_hand - reserved AS free FROM stock WHERE store_id = ANY(?::text[]) AND product_id = ANY(?::text[])';
/**
 * {@link StockRepository.reserveAll}'s one statement. `locked` is MATERIALIZED so it runs once, whole,
 * as written: it is the step that takes the locks, in product order, and reads the rows after any wait.
 *
 * Everything after it goes by what `locked` read, never by the statement's snapshot, which was taken
 * before any wait: a release or restock committed while the statement waited for a row is in `locked`
 * (READ COMMITTED re-reads a row once its lock is granted) but not in the snapshot the UPDATE's own scan
 * reads. So the UPDATE filters on nothing but `enough`, and writes both counts from `locked`: Postgres
 * builds the new row from the snapshot's version first and checks the CHECKs on it before it finds the
 * row changed and re-reads it, so a count taken from that version could fail
 * `stock_reserved_within_on_hand` (or a filter on it drop a line that is free). Writing `on_hand` back
 * changes nothing: the row is locked, so it is what `locked` read until the commit. The CHECK stays the
 * last line of defence. Tested in repositories.test.ts ('while another transaction changes a line').
 */
const RESERVE_ALL = `WITH wanted AS (
    SELECT * FROM unnest(?::text[], ?::int[]) AS w(product_id, quantity)
  ), locked AS MATERIALIZED (
    SELECT product_id, on_hand, reserved FROM stock
    WHERE store_id = ? AND product_id = ANY(?::text[])
    ORDER BY product_id
    FOR UPDATE
  ), enough AS (
    SELECT count(*) = ? AS ok FROM locked JOIN wanted USING (product_id) WHERE locked.on_hand - locked.reserved >= wanted.quantity
  )
  UPDATE stock AS s SET on_hand = l.on_hand, reserved = l.reserved + w.quantity, updated_at = now()
  FROM wanted AS w JOIN locked AS l USING (product_id)
  WHERE s.store_id = ? AND s.product_id = w.product_id AND (SELECT ok FROM enough)
  RETURNING s.store_id, s.product_id, s.on_hand, s.reserved`;

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
   * Free units of every product one store carries, as one JSON object (product id → units) for the stock
   * cache's warm-up to hand to Redis as it is: one value to parse instead of ~4,000 rows. A range of the
   * (store_id, product_id) key, a prepared statement.
   */
  async freeUnitsOfStoreJson(storeId: string): Promise<string> {
    const { rows } = await this.db
      .raw<{ rows: { free: string }[] }>(STORE_FREE_UNITS_JSON, [storeId])
      .options({ name: 'availability_store_free_units_json' });
    return rows[0]!.free;
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
   * Holds the units of every line in one store, all or nothing: null (and nothing changed) when a line
   * does not exist there or has fewer free units than asked. One statement however many lines, one round
   * trip: the `locked` step locks the rows in product order (`ORDER BY product_id FOR UPDATE`, the order
   * every writer locks stock rows in, so two reservations never deadlock) and reads them as they are after
   * any wait for a concurrent holder; `enough` says whether every line is there with its units free, as
   * read then; the UPDATE runs only then (a one-time condition, evaluated before it touches a row, so every
   * lock is taken in product order first) and changes rows that are already ours.
   * Call inside a transaction (the caller rolls back on null). Rows come back in product order.
   */
  async reserveAll(storeId: string, lines: readonly { productId: string; quantity: number }[]): Promise<StockRecord[] | null> {
    if (lines.length === 0) return [];
    const wanted = [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
    const products = wanted.map((l) => l.productId);
    const { rows } = await this.db.raw<{ rows: StockRow[] }>(RESERVE_ALL, [products, wanted.map((l) => l.quantity), storeId, products, wanted.length, storeId]);
    if (rows.length === 0) return null;
    // Every row was ours, and free enough, before the UPDATE began: all lines or none. Anything else is a bug, not a race.
    if (rows.length !== wanted.length) throw new Error(`reserveAll held ${rows.length} of ${wanted.length} locked lines at ${storeId}`);
    const byProduct = new Map(rows.map((row) => [row.product_id, toRecord(row)]));
    return wanted.map((l) => byProduct.get(l.productId)!);
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
