import { preparedStatement, type Knex } from '@qc/shared';
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
const productsByIds = preparedStatement<ProductRow>('catalog_products_by_ids', `SELECT ${COLUMNS.join(', ')} FROM products WHERE id = ANY($1)`);

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

/** Where a page of search results starts: after the row with this sort key (tier ASC, score DESC, name, id). */
export interface ProductSearchKey {
  tier: number;
  score: number;
  name: string;
  id: string;
}

/** Validated filters; every one given must hold. */
export interface ProductFilters {
  /** null: any category; an empty list matches nothing. */
  categoryIds: string[] | null;
  /** Products must carry all of these. */
  tags: string[];
  minPriceCents: number | null;
  maxPriceCents: number | null;
}

export const NO_FILTERS: ProductFilters = { categoryIds: null, tags: [], minPriceCents: null, maxPriceCents: null };

/**
 * A search, prepared by `planSearch` in the domain. The three queries are `to_tsquery('english', …)`
 * inputs made only of words, `&`, `|`, parentheses, `:*` and weight labels; '' means "none".
 */
export interface SearchPlan {
  /** The text as typed, normalized: matched as the whole name and as its start. */
  text: string;
  /** Other phrasings from the synonym table: matched as the whole name and as its leading words. */
  synonyms: string[];
  /** Finds every hit: the typed words (each or one of its corrections) or a synonym variant, anywhere. */
  matchQuery: string;
  /**
   * `matchQuery` in a form each index can answer exactly: alternatives (OR) of clauses (AND), each
   * clause a query on all words (`search_document`) OR one on name words only (`name_document`).
   * Empty when there are no words.
   */
  matchClauses: MatchClause[][];
  /** The typed words as typed, or a synonym variant, among the name's words (weight A). */
  nameQuery: string;
  /** Like `nameQuery` but with corrections for misspelt words: a typo hit. '' when nothing was corrected. */
  typoQuery: string;
}

/** One required part of a search: `anywhere` among all words, or `names` among name words ('' = that side cannot match). */
export interface MatchClause {
  anywhere: string;
  names: string;
}

export interface ProductPageQuery {
  first: number;
  after: ProductPageKey | null;
  filters: ProductFilters;
}

export interface ProductSearchQuery {
  first: number;
  after: ProductSearchKey | null;
  filters: ProductFilters;
  search: SearchPlan;
}

/** A search hit with its sort key: `tier` 0 exact name … 4 description only, `score` 0–1000 within the tier. */
export interface RankedProductRecord extends ProductRecord {
  tier: number;
  score: number;
}

/**
 * A subquery with `OFFSET 0`, which Postgres never flattens into the outer query: a computed column
 * (tier, score) is then evaluated once per row instead of once per place the outer query uses it.
 */
const fenced = (db: Knex, query: Knex.QueryBuilder, alias: string): Knex.Raw => db.raw('(? OFFSET 0) AS ??', [query, alias]);

const SEARCH_ORDER: { column: string; order?: 'asc' | 'desc' }[] = [{ column: 'tier' }, { column: 'score', order: 'desc' }, { column: 'name' }, { column: 'id' }];

/** LIKE treats these as wildcards; the search text means them literally. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/**
 * The candidates of a search: a superset of its hits that indexes alone find exactly, so Postgres
 * combines bitmaps of the GIN indexes (all words, name words) and the lower(name) prefix btree and
 * never reads the whole table. Name-only lexemes are looked up in `name_document`: on `search_document`
 * the index cannot tell a name word from a description word, so every description holding the word
 * ("suitable for vegans" for "veg") was fetched only to fail the weight check. `searchHit` then keeps
 * the candidates that are hits.
 *
 * A clause whose words are all stop words ("the") drops out of `matchQuery`, so it must not narrow the
 * candidates either: `numnode(…) = 0` makes it true (Postgres folds it while planning).
 */
function searchCandidates(search: SearchPlan): [string, Knex.RawBinding[]] {
  const prefix: [string, Knex.RawBinding[]] = ['lower(name) LIKE ?', [`${escapeLike(search.text)}%`]];
  if (!search.matchQuery || search.matchClauses.length === 0) return prefix;
  const bindings: Knex.RawBinding[] = [];
  const alternatives = search.matchClauses.map((clauses) => {
    const required = clauses.map(({ anywhere, names }) => {
      const sides = [`numnode(to_tsquery('english', ?)) = 0`];
      bindings.push([anywhere, names].filter(Boolean).join(' | '));
      if (anywhere) {
        sides.push(`search_document @@ to_tsquery('english', ?)`);
        bindings.push(anywhere);
      }
      if (names) {
        sides.push(`name_document @@ to_tsquery('english', ?)`);
        bindings.push(names);
      }
      return `(${sides.join(' OR ')})`;
    });
    // An alternative of stop words only is dropped from `matchQuery` (it matches nothing): here too.
    bindings.push(clauses.map(({ anywhere, names }) => `(${[anywhere, names].filter(Boolean).join(' | ')})`).join(' & '));
    return `(${required.join(' AND ')} AND numnode(to_tsquery('english', ?)) > 0)`;
  });
  return [`(${alternatives.join(' OR ')} OR ${prefix[0]})`, [...bindings, ...prefix[1]]];
}

/**
 * Which candidates are hits, over the candidates' `search_document` and `lname` (lower(name)): the
 * document matches `matchQuery`, or the name starts with the text. Applied above the candidates'
 * fence, so the planner cannot take it for the index condition instead of `searchCandidates`.
 */
function searchHit(search: SearchPlan): [string, Knex.RawBinding[]] | null {
  if (!search.matchQuery || search.matchClauses.length === 0) return null;
  return [`(search_document @@ to_tsquery('english', ?) OR lname LIKE ?)`, [search.matchQuery, `${escapeLike(search.text)}%`]];
}

/** Products in Postgres. Every method takes the knex (or a transaction) it was built with. */
export class ProductRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Every entity fetch and `product(id)` comes here: one SQL text whatever the number of ids (an array
   * parameter, not `IN (?, ?, …)`), sent as a named prepared statement, so Postgres parses and plans it
   * once per connection and nothing is built per call.
   */
  async findByIds(ids: readonly string[]): Promise<ProductRecord[]> {
    const rows = await productsByIds(this.db, [ids]);
    return rows.map(toRecord);
  }

  /** One page ordered by (name, id) plus one extra row that says whether another page follows. */
  async page(query: ProductPageQuery): Promise<{ rows: ProductRecord[]; totalCount: number }> {
    const filtered = () => this.filtered(this.db('products'), query.filters);
    const pageQuery = filtered().select<ProductRow[]>(COLUMNS).orderBy([{ column: 'name' }, { column: 'id' }]).limit(query.first + 1);
    if (query.after) pageQuery.whereRaw('(name, id) > (?, ?)', [query.after.name, query.after.id]);
    const [rows, count] = await Promise.all([pageQuery, filtered().count<{ count: string }[]>('* as count')]);
    return { rows: rows.map(toRecord), totalCount: Number(count[0]?.count ?? 0) };
  }

  /**
   * One page of search hits ranked by (tier, score DESC, name, id) plus one extra row, and how many
   * products match in all. Candidates come from indexes only (full text, name prefix) and are
   * scanned once: the total rides along on every row of the page.
   */
  async search(query: ProductSearchQuery): Promise<{ rows: RankedProductRecord[]; totalCount: number }> {
    const rows = (await this.searchQuery(query)) as (ProductRow & { tier: number; score: number; total: string; category_name: string; category_slug: string })[];
    // An empty page has no row to carry the total: either nothing matches, or the cursor is past the end.
    const totalCount = rows[0] ? Number(rows[0].total) : query.after ? Number(((await this.searchCountQuery(query)) as { count: string }[])[0]?.count ?? 0) : 0;
    return {
      rows: rows.map((row) => ({
        ...toRecord(row),
        category: { id: row.category_id, name: row.category_name, slug: row.category_slug },
        tier: row.tier,
        score: row.score,
      })),
      totalCount,
    };
  }

  /** Counts every hit of a search (what `search` needs when a page comes back empty); public for EXPLAIN. */
  searchCountQuery({ search, filters }: Pick<ProductSearchQuery, 'search' | 'filters'>): Knex.QueryBuilder {
    const candidates = this.filtered(this.db('products'), filters)
      .select('search_document', this.db.raw('lower(name) AS lname'))
      .whereRaw(...searchCandidates(search));
    const hits = this.db.from(fenced(this.db, candidates, 'candidates'));
    const hit = searchHit(search);
    if (hit) hits.whereRaw(...hit);
    return hits.count<{ count: string }[]>('* as count');
  }

  /**
   * The page query of `search`, public so a test can EXPLAIN exactly what runs. The sort keys are
   * computed on narrow rows (id, name, document); only the page's rows are joined back for their columns.
   */
  searchQuery({ search, filters, after, first }: ProductSearchQuery): Knex.QueryBuilder {
    const phrases = [search.text, ...search.synonyms];
    const tiers: { tier: number; sql: string; bindings: Knex.RawBinding[] }[] = [
      { tier: 0, sql: 'lname = ANY(?::text[])', bindings: [phrases] },
      {
        tier: 1,
        sql: 'lname LIKE ? OR lname LIKE ANY(?::text[])',
        bindings: [`${escapeLike(search.text)}%`, search.synonyms.map((s) => `${escapeLike(s)} %`)],
      },
      ...(search.nameQuery ? [{ tier: 2, sql: `search_document @@ to_tsquery('english', ?)`, bindings: [search.nameQuery] }] : []),
      ...(search.typoQuery ? [{ tier: 3, sql: `search_document @@ to_tsquery('english', ?)`, bindings: [search.typoQuery] }] : []),
    ];
    const candidates = this.filtered(this.db('products'), filters)
      .select('id', 'name', 'search_document')
      .select(this.db.raw('lower(name) AS lname'))
      .whereRaw(...searchCandidates(search));
    const tiered = this.db
      .from(fenced(this.db, candidates, 'candidates'))
      .select('id', 'name', 'search_document')
      .select(this.db.raw(`CASE ${tiers.map(({ tier, sql }) => `WHEN ${sql} THEN ${tier}`).join(' ')} ELSE 4 END AS tier`, tiers.flatMap(({ bindings }) => bindings)));
    const hit = searchHit(search);
    if (hit) tiered.whereRaw(...hit);
    // Name hits are ordered by trigram similarity to the closest phrasing, description-only hits by
    // text rank; similarity is the costly part, so description-only hits never pay for it.
    const closeness = `greatest(${phrases.map(() => 'similarity(?, name)').join(', ')})`;
    const scoreSql = search.matchQuery
      ? `round(1000 * CASE WHEN tier < 4 THEN ${closeness} ELSE ts_rank(search_document, to_tsquery('english', ?), 32) END)::int`
      : `round(1000 * ${closeness})::int`;
    const scored = this.db
      .from(fenced(this.db, tiered, 'tiered'))
      .select('id', 'name', 'tier')
      .select(this.db.raw(`${scoreSql} AS score`, search.matchQuery ? [...phrases, search.matchQuery] : phrases));
    // The window buffers every hit, so it sees only the narrow (id, name, tier, score) rows.
    const ranked = this.db.from(fenced(this.db, scored, 'scored')).select('*').select(this.db.raw('count(*) OVER () AS total'));
    const page = this.db
      .from(ranked.as('ranked'))
      .select('*')
      .orderBy(SEARCH_ORDER)
      .limit(first + 1);
    if (after) page.whereRaw('(tier, -score, name, id) > (?, ?, ?, ?)', [after.tier, -after.score, after.name, after.id]);
    // Each hit's category rides along (a page's worth of primary-key lookups): no second round trip for it.
    return this.db
      .from(page.as('page'))
      .join('products', 'products.id', 'page.id')
      .join('categories', 'categories.id', 'products.category_id')
      .select(COLUMNS.map((column) => `products.${column}`))
      .select('page.tier', 'page.score', 'page.total', 'categories.name AS category_name', 'categories.slug AS category_slug')
      .orderBy(SEARCH_ORDER.map((o) => ({ ...o, column: `page.${o.column}` })));
  }

  private filtered(q: Knex.QueryBuilder, filters: ProductFilters): Knex.QueryBuilder {
    if (filters.categoryIds) q.whereIn('category_id', filters.categoryIds);
    if (filters.tags.length > 0) q.whereRaw('tags @> ?::text[]', [filters.tags]);
    if (filters.minPriceCents !== null) q.where('price_cents', '>=', filters.minPriceCents);
    if (filters.maxPriceCents !== null) q.where('price_cents', '<=', filters.maxPriceCents);
    return q;
  }

  async countByCategory(categoryIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db('products')
      .select('category_id')
      .count<{ category_id: string; count: string }[]>('* as count')
      .whereIn('category_id', categoryIds)
      .groupBy('category_id');
    return new Map(rows.map((r) => [r.category_id, Number(r.count)]));
  }

  /** Upserts by id; the seed and tests load data through this. The search document follows by itself. */
  async upsertMany(records: readonly ProductRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db('products').insert(records.map(toRow)).onConflict('id').merge();
  }
}
