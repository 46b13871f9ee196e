import { badInput } from '@qc/shared';
import { MAX_SEARCH_PHRASES, type MatchParts, type ProductFilters, type SearchPlan, type SynonymRecord, type WordCorrection } from '../data';

export const MAX_SEARCH_LENGTH = 100;
export const MAX_FILTER_CATEGORIES = 100;
export const MAX_FILTER_TAGS = 20;
/** Alternative phrasings a search may expand to: the ranked query compares names with the text and these. */
export const MAX_SYNONYM_VARIANTS = MAX_SEARCH_PHRASES - 1;

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

/** The typed words as `buildTsQuery` requires them, one operand per word (see there). */
function typedOperands(
  words: readonly string[],
  weight: '' | 'A',
  corrections: ReadonlyMap<string, readonly string[]> | undefined,
  namePrefix: boolean,
): string[] {
  return words.map((word, i) => {
    const last = i === words.length - 1;
    const asTyped = !last ? [lexeme(word, false, weight)] : weight ? [lexeme(word, true, weight)] : namePrefix ? [lexeme(word, true, 'A'), word] : [word];
    // Corrections come from name words, so they only ever match name words.
    const alternatives = [...asTyped, ...(corrections?.get(word) ?? []).map((c) => lexeme(c, false, 'A'))];
    return alternatives.length > 1 ? `(${alternatives.join(' | ')})` : alternatives[0]!;
  });
}

/**
 * A `to_tsquery` input: the typed words all required, each optionally replaced by one of its
 * corrections, OR each synonym variant's words all required and whole. The last typed word may be
 * unfinished, so it also matches as a prefix, but only of name words: a short prefix ("veg") would
 * otherwise match most descriptions ("suitable for vegans") and rank the whole catalog. Corrections
 * come from the vocabulary of name words and match name words only, for the same reason.
 * Words are letters and digits only, so nothing in them is syntax. `namePrefix: false` leaves the
 * last word's prefix out (see `splitMatch`).
 */
export function buildTsQuery(
  words: readonly string[],
  variants: readonly string[],
  options: { weight?: '' | 'A'; corrections?: ReadonlyMap<string, readonly string[]>; namePrefix?: boolean } = {},
): string {
  const weight = options.weight ?? '';
  const typed = typedOperands(words, weight, options.corrections, options.namePrefix ?? true);
  const alternatives = [typed, ...variants.map((variant) => wordsOf(variant).map((w) => lexeme(w, false, weight)))].filter((a) => a.length > 0);
  return alternatives.map((a) => `(${a.join(' & ')})`).join(' | ');
}

/**
 * `buildTsQuery`'s match (no weight) in parts that indexes answer exactly; null when there are no
 * words. The match is `(B & (L:*A | R)) | V` (B the words before the last, L the last word, R its
 * other readings, V the synonym variants): that is `(B & R) | V` (`wholeWords`, whole words looked up
 * among all words) OR `L:*` (`namePrefix`, looked up among name words alone) with `B` (`before`,
 * among all words). Asked for `L:*A` among all words, a GIN index, which cannot check weights, would
 * fetch every product with a word starting with L anywhere ("veg": "suitable for vegans") only for
 * the weight to reject it. Stop words drop out of each part as they drop out of the whole (a stop
 * word operand leaves its AND or OR), except that a `before` of stop words only (or '') requires
 * nothing, where to_tsquery's empty query would match nothing: the query checks that with `numnode`.
 */
export function splitMatch(words: readonly string[], variants: readonly string[], corrections?: ReadonlyMap<string, readonly string[]>): MatchParts | null {
  if (words.length === 0) return null;
  return {
    wholeWords: buildTsQuery(words, variants, { corrections, namePrefix: false }),
    namePrefix: lexeme(words.at(-1)!, true, ''),
    before: typedOperands(words, '', corrections, true).slice(0, -1).join(' & '),
  };
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
    matchParts: splitMatch(terms.words, synonyms, byWord),
    nameQuery: buildTsQuery(terms.words, synonyms, { weight: 'A' }),
    typoQuery: byWord.size > 0 ? buildTsQuery(terms.words, [], { weight: 'A', corrections: byWord }) : '',
  };
}
