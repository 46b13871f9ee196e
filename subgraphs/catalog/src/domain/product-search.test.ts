import { GraphQLError } from 'graphql';
import {
  MAX_SYNONYM_VARIANTS,
  expandSynonyms,
  normalizeSearch,
  parseProductCriteria,
  buildTsQuery,
  planSearch,
  splitMatch,
  type ProductFilterInput,
} from './product-search';

const SODA = [
  { term: 'soft drink', alias: 'soda' },
  { term: 'soft drink', alias: 'pop' },
];

function badInputOf(filter: ProductFilterInput, categoryId?: string): { message: string; field: unknown } {
  try {
    parseProductCriteria(filter, categoryId);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    const e = error as GraphQLError;
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    return { message: e.message, field: e.extensions.field };
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('parseProductCriteria', () => {
  it('when nothing is given, then there is no search and no filter', () => {
    expect(parseProductCriteria(undefined)).toEqual({
      search: null,
      filters: { categoryIds: null, tags: [], minPriceCents: null, maxPriceCents: null },
    });
  });

  it('when the search is 100 characters, then it is accepted; at 101, then it is BAD_USER_INPUT on filter.search', () => {
    expect(parseProductCriteria({ search: 'a'.repeat(100) }).search?.text).toHaveLength(100);
    expect(badInputOf({ search: 'a'.repeat(101) })).toEqual({ message: 'filter.search must be at most 100 characters', field: 'filter.search' });
  });

  it('when the search is long only because of surrounding blanks or emoji, then characters are counted, not UTF-16 units', () => {
    expect(parseProductCriteria({ search: `  ${'🍕'.repeat(100)}  ` }).search).not.toBeNull();
  });

  it('when a price bound is negative or min exceeds max, then it is BAD_USER_INPUT naming the field', () => {
    expect(badInputOf({ minPriceCents: -1 }).field).toBe('filter.minPriceCents');
    expect(badInputOf({ maxPriceCents: -5 }).field).toBe('filter.maxPriceCents');
    expect(badInputOf({ minPriceCents: 500, maxPriceCents: 499 })).toEqual({
      message: 'filter.minPriceCents must not be greater than filter.maxPriceCents',
      field: 'filter.minPriceCents',
    });
    expect(parseProductCriteria({ minPriceCents: 500, maxPriceCents: 500 }).filters).toMatchObject({ minPriceCents: 500, maxPriceCents: 500 });
  });

  it('when too many categories or tags are listed, then it is BAD_USER_INPUT', () => {
    expect(badInputOf({ categoryIds: Array.from({ length: 101 }, (_, i) => `cat_${i}`) }).field).toBe('filter.categoryIds');
    expect(badInputOf({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }).field).toBe('filter.tags');
  });

  it('when categoryIds is empty, then any category matches; when listed twice, then once', () => {
    expect(parseProductCriteria({ categoryIds: [] }).filters.categoryIds).toBeNull();
    expect(parseProductCriteria({ categoryIds: ['a', 'a', 'b'], tags: ['x', 'x'] }).filters).toMatchObject({ categoryIds: ['a', 'b'], tags: ['x'] });
  });

  it('when the deprecated categoryId is given, then it narrows alone or together with filter.categoryIds', () => {
    expect(parseProductCriteria(null, 'cat_a').filters.categoryIds).toEqual(['cat_a']);
    expect(parseProductCriteria({ categoryIds: ['cat_a', 'cat_b'] }, 'cat_b').filters.categoryIds).toEqual(['cat_b']);
    expect(parseProductCriteria({ categoryIds: ['cat_a'] }, 'cat_b').filters.categoryIds).toEqual([]);
  });

  it('when the search is blank, then there is no search', () => {
    expect(parseProductCriteria({ search: ' \t\n ' }).search).toBeNull();
  });
});

describe('normalizeSearch', () => {
  it('when text has case, runs of blanks and control characters, then it is lower-cased and collapsed', () => {
    expect(normalizeSearch('  Coca-Cola\u0000  ZERO\t ')).toEqual({ text: 'coca-cola zero', words: ['coca', 'cola', 'zero'] });
  });

  it('when text has no letters or digits, then it has no words but keeps its text', () => {
    expect(normalizeSearch('%_!')).toEqual({ text: '%_!', words: [] });
  });

  it('when text uses compatibility forms, then NFKC folds them', () => {
    expect(normalizeSearch('Ｐｉｚｚａ')?.text).toBe('pizza');
  });
});

describe('expandSynonyms', () => {
  it('when the search is an alias, then the term and the sibling aliases are variants', () => {
    expect(expandSynonyms('soda', SODA)).toEqual(['pop', 'soft drink']);
  });

  it('when the search is the term, then every alias is a variant (the pair works both ways)', () => {
    expect(expandSynonyms('soft drink', SODA)).toEqual(['pop', 'soda']);
  });

  it('when the phrase is part of a longer search, then only that phrase is swapped', () => {
    expect(expandSynonyms('diet soda 6 pack', SODA)).toEqual(['diet pop 6 pack', 'diet soft drink 6 pack']);
  });

  it('when a phrase only occurs inside a word, then it is not a match', () => {
    expect(expandSynonyms('sodastream', SODA)).toEqual([]);
  });

  it('when a shorter phrase lies inside a longer matched phrase, then the longer one wins', () => {
    const pairs = [...SODA, { term: 'sparkling water', alias: 'soda water' }];
    expect(expandSynonyms('soda water', pairs)).toEqual(['sparkling water']);
  });

  it('when a group is huge, then the variants are capped', () => {
    const pairs = Array.from({ length: 20 }, (_, i) => ({ term: 'x', alias: `alias${String(i).padStart(2, '0')}` }));
    expect(expandSynonyms('x', pairs)).toHaveLength(MAX_SYNONYM_VARIANTS);
  });
});

describe('buildTsQuery and planSearch', () => {
  it('when words are typed, then all are required and the last also matches as the start of a name word; synonym variants are whole words', () => {
    expect(buildTsQuery(['diet', 'so'], [])).toBe('(diet & (so:*A | so))');
    expect(buildTsQuery(['soda'], ['pop', 'soft drink'])).toBe('((soda:*A | soda)) | (pop) | (soft & drink)');
  });

  it('when the query is limited to name words, then every lexeme carries weight A', () => {
    expect(buildTsQuery(['diet', 'soda'], ['diet pop'], { weight: 'A' })).toBe('(diet:A & soda:*A) | (diet:A & pop:A)');
  });

  it('when a word has corrections, then the word or any correction (among name words) satisfies it', () => {
    const corrections = new Map([['bananna', ['banana', 'bananas']]]);
    expect(buildTsQuery(['organic', 'bananna'], [], { corrections })).toBe('(organic & (bananna:*A | bananna | banana:A | bananas:A))');
  });

  it('when the match is split for the indexes, then the last word as a name-word prefix goes to the name side, with the words before it', () => {
    const corrections = new Map([
      ['bananna', ['banana', 'bananas']],
      ['organc', ['organic']],
    ]);
    expect(splitMatch(['organc', 'bananna'], ['organic banana split'], corrections)).toEqual({
      wholeWords: '((organc | organic:A) & (bananna | banana:A | bananas:A)) | (organic & banana & split)',
      namePrefix: 'bananna:*',
      before: '(organc | organic:A)',
    });
    expect(splitMatch(['veg'], [])).toEqual({ wholeWords: '(veg)', namePrefix: 'veg:*', before: '' });
    expect(splitMatch([], ['pop'])).toBeNull();
  });

  it('when there are no words, then the text-search query is empty', () => {
    expect(buildTsQuery([], [])).toBe('');
  });

  it('when planning a search, then synonyms widen the match and the name queries, corrections only the match and typo queries', () => {
    const plan = planSearch(normalizeSearch('Soda piza')!, SODA, [
      { typed: 'piza', word: 'pizza' },
      { typed: 'other', word: 'ignored' },
    ]);
    expect(plan).toEqual({
      text: 'soda piza',
      synonyms: ['pop piza', 'soft drink piza'],
      matchQuery: '(soda & (piza:*A | piza | pizza:A)) | (pop & piza) | (soft & drink & piza)',
      matchParts: { wholeWords: '(soda & (piza | pizza:A)) | (pop & piza) | (soft & drink & piza)', namePrefix: 'piza:*', before: 'soda' },
      nameQuery: '(soda:A & piza:*A) | (pop:A & piza:A) | (soft:A & drink:A & piza:A)',
      typoQuery: '(soda:A & (piza:*A | pizza:A))',
    });
  });

  it('when nothing needed correcting, then there is no typo query', () => {
    expect(planSearch(normalizeSearch('pizza')!, [], []).typoQuery).toBe('');
  });
});
