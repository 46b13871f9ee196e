import type { Knex } from '@qc/shared';
import type { ProductRecord } from './types';

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  category_id: string;
  price_cents: number;
  currency: string;
  image_url: string | null;
  tags: string[];
}

const COLUMNS = ['id', 'sku', 'name', 'description', 'category_id', 'price_cents', 'currency', 'image_url', 'tags'];

const toRecord = (row: ProductRow): ProductRecord => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  description: row.description,
  categoryId: row.category_id,
  priceCents: row.price_cents,
  currency: row.currency,
  imageUrl: row.image_url,
  tags: row.tags,
});

const toRow = (record: ProductRecord): ProductRow => ({
  id: record.id,
  sku: record.sku,
  name: record.name,
  description: record.description,
  category_id: record.categoryId,
  price_cents: record.priceCents,
  currency: record.currency,
  image_url: record.imageUrl,
  tags: record.tags,
});

/** Where a page of products starts: after the product with this name and id. */
export interface ProductPageKey {
  name: string;
  id: string;
}

export interface ProductPageQuery {
  first: number;
  after: ProductPageKey | null;
  categoryId?: string | null;
}

/** Products in Postgres. Every method takes the knex (or a transaction) it was built with. */
export class ProductRepository {
  constructor(private readonly db: Knex) {}

  async findByIds(ids: readonly string[]): Promise<ProductRecord[]> {
    const rows = await this.db<ProductRow>('products').select<ProductRow[]>(COLUMNS).whereIn('id', ids);
    return rows.map(toRecord);
  }

  /** One page ordered by (name, id) plus one extra row that says whether another page follows. */
  async page(query: ProductPageQuery): Promise<{ rows: ProductRecord[]; totalCount: number }> {
    const filtered = () => {
      const q = this.db<ProductRow>('products');
      if (query.categoryId) q.where('category_id', query.categoryId);
      return q;
    };
    const pageQuery = filtered().select<ProductRow[]>(COLUMNS).orderBy([{ column: 'name' }, { column: 'id' }]).limit(query.first + 1);
    if (query.after) pageQuery.whereRaw('(name, id) > (?, ?)', [query.after.name, query.after.id]);
    const [rows, count] = await Promise.all([pageQuery, filtered().count<{ count: string }[]>('* as count')]);
    return { rows: rows.map(toRecord), totalCount: Number(count[0]?.count ?? 0) };
  }

  async countByCategory(categoryIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db('products')
      .select('category_id')
      .count<{ category_id: string; count: string }[]>('* as count')
      .whereIn('category_id', categoryIds)
      .groupBy('category_id');
    return new Map(rows.map((r) => [r.category_id, Number(r.count)]));
  }

  /** Upserts by id; the seed and tests load data through this. */
  async upsertMany(records: readonly ProductRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db('products').insert(records.map(toRow)).onConflict('id').merge();
  }
}
