import { createTestDb, type TestDb } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { createRepositories, type ProductRecord, type Repositories } from '../../src/data';

let testDb: TestDb;
let repos: Repositories;

const product = (id: string, name: string): ProductRecord => ({
  id,
  sku: `SKU-${id}`,
  name,
  description: 'Words in descriptions stay out of the vocabulary',
  categoryId: 'cat_any',
  priceCents: 100,
  currency: 'EUR',
  imageUrl: null,
  tags: [],
});

const vocabulary = async (): Promise<string[]> => (await testDb.db('search_words').select('word').orderBy('word')).map((r: { word: string }) => r.word);

beforeAll(async () => {
  testDb = await createTestDb('catalog', migrations);
  repos = createRepositories(testDb.db);
  await repos.categories.upsertMany([{ id: 'cat_any', name: 'Any', slug: 'any' }]);
  await repos.products.upsertMany([
    product('prd_1', 'Pizza Margherita 400 g'),
    product('prd_2', 'Bananas'),
    product('prd_3', 'Bananna Split'),
    product('prd_4', 'Whole Milk 1 L'),
    product('prd_5', 'Mild Cheddar'),
    product('prd_6', 'Pita Bread'),
  ]);
});

afterAll(async () => {
  await testDb.drop();
});

describe('search vocabulary', () => {
  it('when products are upserted, then their name words of 3+ characters with a letter join the vocabulary', async () => {
    expect(await vocabulary()).toEqual(['bananas', 'bananna', 'bread', 'cheddar', 'margherita', 'mild', 'milk', 'pita', 'pizza', 'split', 'whole']);
  });

  it('when a product is renamed through upsert, then its new words join too (old ones stay, harmlessly)', async () => {
    await repos.products.upsertMany([product('prd_6', 'Pitta Flatbread')]);
    expect(await vocabulary()).toEqual(expect.arrayContaining(['pitta', 'flatbread', 'pita']));
  });

  it('when two bulk upserts add overlapping new words at once, then both succeed', async () => {
    const batch = (prefix: string) => Array.from({ length: 200 }, (_, i) => product(`prd_${prefix}_${i}`, `Word${i} Shared${i % 50} ${prefix}only`));
    await Promise.all([repos.products.upsertMany(batch('a')), repos.products.upsertMany(batch('b'))]);
    expect(await vocabulary()).toEqual(expect.arrayContaining(['shared0', 'shared49', 'aonly', 'bonly', 'word199']));
  });

  it('when a typed word is unknown, then close vocabulary words are offered, closest first', async () => {
    expect(await repos.searchWords.correctionsFor(['piza'])).toEqual([{ typed: 'piza', word: 'pizza' }]);
    expect((await repos.searchWords.correctionsFor(['banan'])).map((c) => c.word)).toEqual(['bananas', 'bananna']);
  });

  it('when a typed word is known, then only much closer words are offered, never the word itself', async () => {
    // "bananna" is known (a product has the typo in its name) yet still leads to the real bananas.
    expect(await repos.searchWords.correctionsFor(['bananna'])).toEqual([{ typed: 'bananna', word: 'bananas' }]);
    // milk/mild are both real words: 0.43 apart, below the bar for known words.
    expect(await repos.searchWords.correctionsFor(['milk'])).toEqual([]);
  });

  it('when a typed word is short or far from everything, then nothing is offered', async () => {
    expect(await repos.searchWords.correctionsFor(['pi', 'xyzzy', ''])).toEqual([]);
  });

  it('when a search looks up synonyms and corrections together, then it gets what each lookup answers alone, in their order', async () => {
    for (const words of [['piza'], ['banan', 'soda'], ['soft', 'drink', 'bananna'], ['pop'], ['pi'], [], ['xyzzy', 'milk']]) {
      expect(await repos.vocabulary.forSearch(words)).toEqual({
        pairs: await repos.synonyms.groupsMentionedIn(words.join(' ')),
        corrections: await repos.searchWords.correctionsFor(words),
      });
    }
    expect((await repos.vocabulary.forSearch(['banan'])).corrections.map((c) => c.word)).toEqual(['bananas', 'bananna']);
    expect((await repos.vocabulary.forSearch(['soda'])).pairs).toEqual(expect.arrayContaining([{ term: 'soft drink', alias: 'soda' }]));
  });
});
