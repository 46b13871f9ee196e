/**
 * The search query as it was before it became one prepared statement (403156e): SQL text built per
 * search, a branch per word, synonym and filter. Kept only as the reference the prepared statement must
 * agree with row for row (`search-equivalence.test.ts`).
 */
import type { Knex } from '@qc/shared';
import type { ProductFilters, ProductSearchQuery, SearchPlan } from '../../src/data';

interface MatchClause {
  anywhere: string;
  names: string;
}

const COLUMNS = ['id', 'sku', 'name', 'description', 'category_id', 'price_cents', 'currency', 'image_url', 'tags'];
const SEARCH_ORDER: { column: string; order?: 'asc' | 'desc' }[] = [{ column: 'tier' }, { column: 'score', order: 'desc' }, { column: 'name' }, { column: 'id' }];
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');
const fenced = (db: Knex, query: Knex.QueryBuilder, alias: string): Knex.Raw => db.raw('(? OFFSET 0) AS ??', [query, alias]);
const wordsOf = (phrase: string): string[] => phrase.match(/[\p{L}\p{N}]+/gu) ?? [];

/** The old `buildMatchClauses` of the domain. */
export function buildMatchClauses(words: readonly string[], variants: readonly string[], corrections: ReadonlyMap<string, readonly string[]>): MatchClause[][] {
  if (words.length === 0) return [];
  const typed = words.map((word, i): MatchClause => {
    const names = [...(i === words.length - 1 ? [`${word}:*`] : []), ...(corrections.get(word) ?? [])];
    return { anywhere: word, names: names.join(' | ') };
  });
  const others = variants.map((variant) => wordsOf(variant)).filter((w) => w.length > 0);
  return [typed, ...others.map((w): MatchClause[] => [{ anywhere: w.join(' & '), names: '' }])];
}

function searchCandidates(search: SearchPlan, matchClauses: MatchClause[][]): [string, Knex.RawBinding[]] {
  const prefix: [string, Knex.RawBinding[]] = ['lower(name) LIKE ?', [`${escapeLike(search.text)}%`]];
  if (!search.matchQuery || matchClauses.length === 0) return prefix;
  const bindings: Knex.RawBinding[] = [];
  const alternatives = matchClauses.map((clauses) => {
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
    bindings.push(clauses.map(({ anywhere, names }) => `(${[anywhere, names].filter(Boolean).join(' | ')})`).join(' & '));
    return `(${required.join(' AND ')} AND numnode(to_tsquery('english', ?)) > 0)`;
  });
  return [`(${alternatives.join(' OR ')} OR ${prefix[0]})`, [...bindings, ...prefix[1]]];
}

function searchHit(search: SearchPlan, matchClauses: MatchClause[][]): [string, Knex.RawBinding[]] | null {
  if (!search.matchQuery || matchClauses.length === 0) return null;
  return [`(search_document @@ to_tsquery('english', ?) OR lname LIKE ?)`, [search.matchQuery, `${escapeLike(search.text)}%`]];
}

function filtered(q: Knex.QueryBuilder, filters: ProductFilters): Knex.QueryBuilder {
  if (filters.categoryIds) q.whereIn('category_id', filters.categoryIds);
  if (filters.tags.length > 0) q.whereRaw('tags @> ?::text[]', [filters.tags]);
  if (filters.minPriceCents !== null) q.where('price_cents', '>=', filters.minPriceCents);
  if (filters.maxPriceCents !== null) q.where('price_cents', '<=', filters.maxPriceCents);
  return q;
}

/** The old `searchCountQuery`. */
export function referenceCountQuery(db: Knex, { search, filters }: Pick<ProductSearchQuery, 'search' | 'filters'>, matchClauses: MatchClause[][]): Knex.QueryBuilder {
  const candidates = filtered(db('products'), filters)
    .select('search_document', db.raw('lower(name) AS lname'))
    .whereRaw(...searchCandidates(search, matchClauses));
  const hits = db.from(fenced(db, candidates, 'candidates'));
  const hit = searchHit(search, matchClauses);
  if (hit) hits.whereRaw(...hit);
  return hits.count<{ count: string }[]>('* as count');
}

/** The old `searchQuery`. */
export function referenceQuery(db: Knex, { search, filters, after, first }: ProductSearchQuery, matchClauses: MatchClause[][]): Knex.QueryBuilder {
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
  const candidates = filtered(db('products'), filters)
    .select('id', 'name', 'search_document')
    .select(db.raw('lower(name) AS lname'))
    .whereRaw(...searchCandidates(search, matchClauses));
  const tiered = db
    .from(fenced(db, candidates, 'candidates'))
    .select('id', 'name', 'search_document')
    .select(db.raw(`CASE ${tiers.map(({ tier, sql }) => `WHEN ${sql} THEN ${tier}`).join(' ')} ELSE 4 END AS tier`, tiers.flatMap(({ bindings }) => bindings)));
  const hit = searchHit(search, matchClauses);
  if (hit) tiered.whereRaw(...hit);
  const closeness = `greatest(${phrases.map(() => 'similarity(?, name)').join(', ')})`;
  const scoreSql = search.matchQuery
    ? `round(1000 * CASE WHEN tier < 4 THEN ${closeness} ELSE ts_rank(search_document, to_tsquery('english', ?), 32) END)::int`
    : `round(1000 * ${closeness})::int`;
  const scored = db
    .from(fenced(db, tiered, 'tiered'))
    .select('id', 'name', 'tier')
    .select(db.raw(`${scoreSql} AS score`, search.matchQuery ? [...phrases, search.matchQuery] : phrases));
  const ranked = db.from(fenced(db, scored, 'scored')).select('*').select(db.raw('count(*) OVER () AS total'));
  const page = db
    .from(ranked.as('ranked'))
    .select('*')
    .orderBy(SEARCH_ORDER)
    .limit(first + 1);
  if (after) page.whereRaw('(tier, -score, name, id) > (?, ?, ?, ?)', [after.tier, -after.score, after.name, after.id]);
  return db
    .from(page.as('page'))
    .join('products', 'products.id', 'page.id')
    .join('categories', 'categories.id', 'products.category_id')
    .select(COLUMNS.map((column) => `products.${column}`))
    .select('page.tier', 'page.score', 'page.total', 'categories.name AS category_name', 'categories.slug AS category_slug')
    .orderBy(SEARCH_ORDER.map((o) => ({ ...o, column: `page.${o.column}` })));
}
