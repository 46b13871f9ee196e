import { badInput } from '@qc/shared';
import type { MatchClause, ProductFilters, SearchPlan, SynonymRecord, WordCorrection } from '../data';

export const MAX_SEARCH_LENGTH = 100;
export const MAX_FILTER_CATEGORIES = 100;
export const MAX_FILTER_TAGS = 20;
/** Alternative phrasings a search may expand to; each adds branches to the query. */
export const MAX_SYNONYM_VARIANTS = 8;

/** `ProductFilter` as the client sent it. */
export interface ProductFilterInput {
  search?: string | null;
  categoryIds?: readonly string[] | null;
  tags?: readonly string[] | null;
  minPriceCents?: number | null;
  maxPriceCents?: number | null;
}

/** The search text in the two forms the queries need; null when there is nothing to search for. */
export interface SearchTerms {
  /** Lower case, control characters dropped, whitespace collapsed: compared with names. */
  text: string;
  /** Runs of letters and digits: full-text words, and the form synonyms are stored in. */
  words: string[];
}

export interface ProductCriteria {
  filters: ProductFilters;
  search: SearchTerms | null;
}

const lengthOf = (text: string): number => [...text].length;

/**
 * Validates `products` arguments into criteria. `categoryId` is the deprecated argument: given with
 * `filter.categoryIds`, both must hold. Throws BAD_USER_INPUT naming the offending field.
 */
export function parseProductCriteria(filter: ProductFilterInput | null | undefined, categoryId?: string | null): ProductCriteria {
  const search = filter?.search ?? null;
  if (search !== null && lengthOf(search.trim()) > MAX_SEARCH_LENGTH) {
    throw badInput(`filter.search must be at most ${MAX_SEARCH_LENGTH} characters`, 'filter.search');
  }
  const { minPriceCents = null, maxPriceCents = null } = filter ?? {};
  if (minPriceCents !== null && minPriceCents < 0) throw badInput('filter.minPriceCents must be zero or more', 'filter.minPriceCents');
  if (maxPriceCents !== null && maxPriceCents < 0) throw badInput('filter.maxPriceCents must be zero or more', 'filter.maxPriceCents');
  if (minPriceCents !== null && maxPriceCents !== null && minPriceCents > maxPriceCents) {
    throw badInput('filter.minPriceCents must not be greater than filter.maxPriceCents', 'filter.minPriceCents');
  }
  const listed = filter?.categoryIds?.length ? [...new Set(filter.categoryIds)] : null;
  if (listed && listed.length > MAX_FILTER_CATEGORIES) {
    throw badInput(`filter.categoryIds must list at most ${MAX_FILTER_CATEGORIES} categories`, 'filter.categoryIds');
  }
  const tags = [...new Set(filter?.tags ?? [])];
  if (tags.length > MAX_FILTER_TAGS) throw badInput(`filter.tags must list at most ${MAX_FILTER_TAGS} tags`, 'filter.tags');
  let categoryIds = listed;
  if (categoryId) categoryIds = listed ? listed.filter((id) => id === categoryId) : [categoryId];
  return {
    filters: { categoryIds, tags, minPriceCents, maxPriceCents },
    search: search === null ? null : normalizeSearch(search),
  };
}

/**
 * Normalizes search text: Unicode NFKC, lower case, control characters (NUL included, which
 * Postgres text cannot hold) turned into spaces, whitespace collapsed. Blank → null.
 */
export function normalizeSearch(raw: string): SearchTerms | null {
  const text = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ')
    .trim();
  if (text === '') return null;
  return { text, words: text.match(/[\p{L}\p{N}]+/gu) ?? [] };
}

/**
 * Other phrasings of `words` (space-joined normalized words) from synonym pairs: a pair works both
 * ways, and aliases of one term stand for each other. Each variant swaps one phrase found as whole
 * words; a phrase inside a longer matched phrase ("soda" in "soda water") is left to the longer one.
 */
export function expandSynonyms(words: string, pairs: readonly SynonymRecord[]): string[] {
  const groups = new Map<string, Set<string>>();
  for (const { term, alias } of pairs) {
    const group = groups.get(term) ?? new Set([term]);
    group.add(alias);
    groups.set(term, group);
  }
  const padded = ` ${words} `;
  const found = [...new Set([...groups.values()].flatMap((group) => [...group]))].filter((phrase) => padded.includes(` ${phrase} `));
  const phrases = found
    .filter((phrase) => !found.some((other) => other.length > phrase.length && ` ${other} `.includes(` ${phrase} `)))
    .sort((a, b) => b.length - a.length || a.localeCompare(b));
  const variants: string[] = [];
  for (const phrase of phrases) {
    const alternatives = new Set<string>();
    for (const group of groups.values()) if (group.has(phrase)) group.forEach((member) => alternatives.add(member));
    alternatives.delete(phrase);
    for (const alternative of [...alternatives].sort()) {
      const variant = padded.replace(` ${phrase} `, ` ${alternative} `).trim();
      if (variant !== words && !variants.includes(variant)) variants.push(variant);
    }
  }
  return variants.slice(0, MAX_SYNONYM_VARIANTS);
}

/** One lexeme in tsquery syntax: `word`, `word:*` (prefix), `word:A` (name words only), `word:*A`. */
const lexeme = (word: string, prefix: boolean, weight: '' | 'A'): string => {
  const label = `${prefix ? '*' : ''}${weight}`;
  return label ? `${word}:${label}` : word;
};

const wordsOf = (phrase: string): string[] => phrase.match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * A `to_tsquery` input: the typed words all required, each optionally replaced by one of its
 * corrections, OR each synonym variant's words all required and whole. The last typed word may be
 * unfinished, so it also matches as a prefix, but only of name words: a short prefix ("veg") would
 * otherwise match most descriptions ("suitable for vegans") and rank the whole catalog. Corrections
 * come from the vocabulary of name words and match name words only, for the same reason.
 * Words are letters and digits only, so nothing in them is syntax.
 */
export function buildTsQuery(
  words: readonly string[],
  variants: readonly string[],
  options: { weight?: '' | 'A'; corrections?: ReadonlyMap<string, readonly string[]> } = {},
): string {
  const weight = options.weight ?? '';
  const typed = words.map((word, i) => {
    const asTyped = i < words.length - 1 ? [lexeme(word, false, weight)] : weight ? [lexeme(word, true, weight)] : [lexeme(word, true, 'A'), word];
    // Corrections come from name words, so they only ever match name words.
    const alternatives = [...asTyped, ...(options.corrections?.get(word) ?? []).map((c) => lexeme(c, false, 'A'))];
    return alternatives.length > 1 ? `(${alternatives.join(' | ')})` : alternatives[0]!;
  });
  const alternatives = [typed, ...variants.map((variant) => wordsOf(variant).map((w) => lexeme(w, false, weight)))].filter((a) => a.length > 0);
  return alternatives.map((a) => `(${a.join(' & ')})`).join(' | ');
}

/**
 * What `buildTsQuery` matches without a weight, split by where each lexeme may be found, so that each
 * part goes to an index that answers it exactly: the typed words all required, each found anywhere as
 * typed or among name words as a prefix (the last word) or a correction; OR each synonym variant's
 * words, all required, anywhere.
 */
export function buildMatchClauses(words: readonly string[], variants: readonly string[], corrections: ReadonlyMap<string, readonly string[]> = new Map()): MatchClause[][] {
  if (words.length === 0) return [];
  const typed = words.map((word, i): MatchClause => {
    const names = [...(i === words.length - 1 ? [lexeme(word, true, '')] : []), ...(corrections.get(word) ?? [])];
    return { anywhere: word, names: names.join(' | ') };
  });
  const others = variants.map((variant) => wordsOf(variant)).filter((w) => w.length > 0);
  return [typed, ...others.map((w): MatchClause[] => [{ anywhere: w.join(' & '), names: '' }])];
}

/**
 * Everything the repository needs to run a search: the normalized terms, the synonym groups they
 * mention and the vocabulary's corrections for misspelt words.
 */
export function planSearch(terms: SearchTerms, pairs: readonly SynonymRecord[], corrections: readonly WordCorrection[] = []): SearchPlan {
  const synonyms = expandSynonyms(terms.words.join(' '), pairs);
  const byWord = new Map<string, string[]>();
  for (const { typed, word } of corrections) {
    if (terms.words.includes(typed)) byWord.set(typed, [...(byWord.get(typed) ?? []), word]);
  }
  return {
    text: terms.text,
    synonyms,
    matchQuery: buildTsQuery(terms.words, synonyms, { corrections: byWord }),
    matchClauses: buildMatchClauses(terms.words, synonyms, byWord),
    nameQuery: buildTsQuery(terms.words, synonyms, { weight: 'A' }),
    typoQuery: byWord.size > 0 ? buildTsQuery(terms.words, [], { weight: 'A', corrections: byWord }) : '',
  };
}
