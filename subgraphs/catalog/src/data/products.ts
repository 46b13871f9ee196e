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
  /** `matchQuery` in parts each index answers exactly (see `splitMatch` in the domain); null when there are no words. */
  matchParts: MatchParts | null;
  /** The typed words as typed, or a synonym variant, among the name's words (weight A). */
  nameQuery: string;
  /** Like `nameQuery` but with corrections for misspelt words: a typo hit. '' when nothing was corrected. */
  typoQuery: string;
}

/** `SearchPlan.matchQuery` as `(before & namePrefix among name words) | wholeWords`, each a `to_tsquery` input. */
export interface MatchParts {
  /** Whole words looked up among all words: the match without the last word as the start of a name word. */
  wholeWords: string;
  /** The last typed word as the start of a name word (`word:*`), looked up among name words. */
  namePrefix: string;
  /** What the words before the last require beside `namePrefix`; '' (or stop words only) requires nothing. */
  before: string;
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

/** The ranked query compares names with at most this many phrasings (the text and its synonym variants). */
export const MAX_SEARCH_PHRASES = 9;

/** LIKE treats these as wildcards; the search text means them literally. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/**
 * The least string above every string that starts with `text`, in the byte order of `text_pattern_ops`
 * (code point order in UTF-8): `text` with its last code point raised by one, trailing U+10FFFF dropped
 * first. null when `text` is all U+10FFFF: then every string from `text` up starts with it. Lone
 * surrogates are compared as the U+FFFD that Postgres receives for them.
 */
export function prefixUpperBound(text: string): string | null {
  const points = [...text.replace(/\p{Cs}/gu, '\uFFFD')];
  while (points.length > 0) {
    const code = points.pop()!.codePointAt(0)!;
    if (code < 0x10ffff) return points.join('') + String.fromCodePoint(code === 0xd7ff ? 0xe000 : code + 1);
  }
  return null;
}

/**
 * Writes a statement with named parameters (`$text`, `$first` …) as Postgres' positional ones, in the
 * order of `names`: one text per statement, whatever the search.
 */
function positional(text: string, names: readonly string[]): string {
  return text.replace(/\$([a-zA-Z]\w*)/g, (_, name: string) => {
    const index = names.indexOf(name);
    if (index < 0) throw new Error(`no parameter ${name}`);
    return `$${index + 1}`;
  });
}

/** A `to_tsquery` of a parameter, evaluated once per execution (an InitPlan) instead of once per row; NULL stays NULL. */
const tsquery = (parameter: string): string => `(SELECT to_tsquery('english', ${parameter}::text))`;

/**
 * Which products a search finds, by indexes alone: full text on all words (`wholeWords`), the start of
 * a name word on name words only (`namePrefix`, with `before` rechecked on those few rows), and the
 * name's prefix as a range of the `lower(name) text_pattern_ops` btree. The range is spelt out because a
 * generic plan cannot derive one from `LIKE $n`; when there is no upper bound (see `prefixUpperBound`)
 * the largest name stands in, found only then (an InitPlan runs when first needed). These are exactly
 * the hits: `matchQuery` (see `splitMatch`) OR the name starts with the text. The filters hold too; an
 * empty tag list and NULLs mean "any".
 */
const SEARCH_WHERE = `
  (search_document @@ ${tsquery('$wholeWords')}
   OR (name_document @@ ${tsquery('$namePrefix')}
       AND ((SELECT coalesce(numnode(to_tsquery('english', $before::text)), 0) = 0) OR search_document @@ ${tsquery('$before')}))
   OR (lower(name) ~>=~ $text::text
       AND lower(name) ~<~ coalesce($textUpperBound::text, (SELECT lower(name) FROM products ORDER BY lower(name) USING ~>~ LIMIT 1) || ' ')))
  AND ($categoryIds::text[] IS NULL OR category_id = ANY($categoryIds::text[]))
  AND (cardinality($tags::text[]) = 0 OR tags @> $tags::text[])
  AND ($minPriceCents::int IS NULL OR price_cents >= $minPriceCents::int)
  AND ($maxPriceCents::int IS NULL OR price_cents <= $maxPriceCents::int)`;

const WHERE_PARAMETERS = ['wholeWords', 'namePrefix', 'before', 'text', 'textUpperBound', 'categoryIds', 'tags', 'minPriceCents', 'maxPriceCents'] as const;
const PAGE_PARAMETERS = [...WHERE_PARAMETERS, 'phrases', 'textPattern', 'synonymPatterns', 'nameQuery', 'typoQuery', 'matchQuery', 'afterTier', 'afterScore', 'afterName', 'afterId', 'limit'] as const;
type SearchParameters = Record<(typeof PAGE_PARAMETERS)[number], unknown>;

/**
 * The page of a search, one text for every search so that it is a named prepared statement: Postgres
 * planned the query anew for every search while its text varied with the words, synonyms and filters,
 * which cost about as much as running it. Each `OFFSET 0` fences a subquery that Postgres would
 * otherwise flatten, so a computed column (tier, score) is evaluated once per row instead of once per
 * place the outer query uses it. Tiers: 0 exact name (the text or a synonym variant), 1 name prefix,
 * 2 name words, 3 name words with a correction, 4 description only. Name hits are ordered by trigram
 * similarity to the closest phrasing (missing phrasings are NULL, which `greatest` skips), description-
 * only hits by text rank: similarity is the costly part, so description-only hits never pay for it. The
 * window buffers every hit, so it sees only narrow (id, name, tier, score) rows, and the total rides
 * along on every row of the page; each hit's category comes with it (a page's worth of primary-key
 * lookups).
 */
const SEARCH_PAGE_SQL = positional(
  `SELECT ${COLUMNS.map((column) => `products.${column}`).join(', ')}, page.tier, page.score, page.total,
     categories.name AS category_name, categories.slug AS category_slug
   FROM (
     SELECT * FROM (
       SELECT *, count(*) OVER () AS total FROM (
         SELECT id, name, tier,
           round(1000 * CASE WHEN tier < 4
             THEN greatest(${Array.from({ length: MAX_SEARCH_PHRASES }, (_, i) => `similarity(($phrases::text[])[${i + 1}], name)`).join(', ')})
             ELSE ts_rank(search_document, ${tsquery('$matchQuery')}, 32) END)::int AS score
         FROM (
           SELECT id, name, search_document,
             CASE WHEN lname = ANY($phrases::text[]) THEN 0
               WHEN lname LIKE $textPattern::text OR lname LIKE ANY($synonymPatterns::text[]) THEN 1
               WHEN search_document @@ ${tsquery('$nameQuery')} THEN 2
               WHEN search_document @@ ${tsquery('$typoQuery')} THEN 3
               ELSE 4 END AS tier
           FROM (SELECT id, name, search_document, lower(name) AS lname FROM products WHERE ${SEARCH_WHERE} OFFSET 0) candidates
           OFFSET 0) tiered
         OFFSET 0) scored
       ) ranked
     WHERE $afterTier::int IS NULL OR (tier, -score, name, id) > ($afterTier::int, -$afterScore::int, $afterName::text, $afterId::text)
     ORDER BY tier, score DESC, name, id
     LIMIT $limit::int
   ) page
   JOIN products ON products.id = page.id
   JOIN categories ON categories.id = products.category_id
   ORDER BY page.tier, page.score DESC, page.name, page.id`,
  PAGE_PARAMETERS,
);

/** Every hit of a search, counted: what `search` needs when a page past the end comes back empty. */
const SEARCH_COUNT_SQL = positional(`SELECT count(*) AS count FROM products WHERE ${SEARCH_WHERE}`, WHERE_PARAMETERS);

/** The parameters of the search statements, in the order each one numbers them. */
function searchParameters({ search, filters, after, first }: ProductSearchQuery): SearchParameters {
  const phrases = [search.text, ...search.synonyms];
  if (phrases.length > MAX_SEARCH_PHRASES) throw new Error(`a search compares names with at most ${MAX_SEARCH_PHRASES} phrasings`);
  const orNull = (query: string): string | null => query || null;
  return {
    wholeWords: search.matchParts?.wholeWords ?? null,
    namePrefix: search.matchParts?.namePrefix ?? null,
    before: orNull(search.matchParts?.before ?? ''),
    text: search.text,
    textUpperBound: prefixUpperBound(search.text),
    categoryIds: filters.categoryIds,
    tags: filters.tags,
    minPriceCents: filters.minPriceCents,
    maxPriceCents: filters.maxPriceCents,
    phrases,
    textPattern: `${escapeLike(search.text)}%`,
    synonymPatterns: search.synonyms.map((s) => `${escapeLike(s)} %`),
    nameQuery: orNull(search.nameQuery),
    typoQuery: orNull(search.typoQuery),
    matchQuery: orNull(search.matchQuery),
    afterTier: after?.tier ?? null,
    afterScore: after?.score ?? null,
    afterName: after?.name ?? null,
    afterId: after?.id ?? null,
    limit: first + 1,
  };
}

/** The statements and parameters of a search, for a test to EXPLAIN exactly what runs. */
export const searchStatements = {
  page: { text: SEARCH_PAGE_SQL, values: (query: ProductSearchQuery) => ordered(searchParameters(query), PAGE_PARAMETERS) },
  count: { text: SEARCH_COUNT_SQL, values: (query: ProductSearchQuery) => ordered(searchParameters(query), WHERE_PARAMETERS) },
};

const ordered = (parameters: SearchParameters, names: readonly (keyof SearchParameters)[]): unknown[] => names.map((name) => parameters[name]);

/** A row of the search page: the product, its sort key, the total and its category. */
export type RankedProductRow = ProductRow & { tier: number; score: number; total: string; category_name: string; category_slug: string };

/** A search page row as `search` answers it (exported for the test that compares it with the reference query). */
export const toRankedRecord = (row: RankedProductRow): RankedProductRecord => ({
  ...toRecord(row),
  category: { id: row.category_id, name: row.category_name, slug: row.category_slug },
  tier: row.tier,
  score: row.score,
});

const searchPage = preparedStatement<RankedProductRow>('catalog_search_page', SEARCH_PAGE_SQL);
const searchCount = preparedStatement<{ count: string }>('catalog_search_count', SEARCH_COUNT_SQL);

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
    const parameters = searchParameters(query);
    const rows = await searchPage(this.db, ordered(parameters, PAGE_PARAMETERS));
    // An empty page has no row to carry the total: either nothing matches, or the cursor is past the end.
    const totalCount = rows[0] ? Number(rows[0].total) : query.after ? Number((await searchCount(this.db, ordered(parameters, WHERE_PARAMETERS)))[0]?.count ?? 0) : 0;
    return {
      rows: rows.map(toRankedRecord),
      totalCount,
    };
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
