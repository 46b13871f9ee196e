import { createTestDb, type TestDb } from './testing';
import { preparedStatement } from './db';

let testDb: TestDb;

const byIds = preparedStatement<{ id: string; n: number }>('db_test_by_ids', 'SELECT id, n FROM things WHERE id = ANY($1) ORDER BY id');
const failing = preparedStatement<{ n: number }>('db_test_failing', 'SELECT $1::int AS n');
/** Connections the pool has lent out right now. */
const inUse = (): number => (testDb.db.client as { pool: { numUsed(): number } }).pool.numUsed();

beforeAll(async () => {
  testDb = await createTestDb('shared_db', []);
  await testDb.db.schema.createTable('things', (t) => {
    t.string('id').primary();
    t.integer('n').notNullable();
  });
  await testDb.db('things').insert([
    { id: 'a', n: 1 },
    { id: 'b', n: 2 },
  ]);
});

afterAll(async () => {
  await testDb.drop();
});

describe('preparedStatement', () => {
  it('when it runs again and again, then it answers with the rows each time and gives its connection back', async () => {
    for (let i = 0; i < 12; i++) {
      expect(await byIds(testDb.db, [['b', 'a', 'missing']])).toEqual([
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
      ]);
    }
    expect(inUse()).toBe(0);
  });

  it("when it runs on a transaction, then it sees the transaction's own uncommitted rows and nobody else does", async () => {
    await testDb.db.transaction(async (trx) => {
      await trx('things').insert({ id: 'c', n: 3 });
      expect(await byIds(trx, [['c']])).toEqual([{ id: 'c', n: 3 }]);
      expect(await byIds(testDb.db, [['c']])).toEqual([]);
      await trx.rollback();
    }).catch(() => undefined);
    expect(await byIds(testDb.db, [['c']])).toEqual([]);
  });

  it('when its transaction has finished, then it refuses to run (never outside the transaction)', async () => {
    const trx = await testDb.db.transaction();
    await trx.commit();
    await expect(byIds(trx, [['a']])).rejects.toThrow('Transaction query already complete');
  });

  it("when Postgres refuses the statement, then the caller gets Postgres' error and the connection goes back", async () => {
    await expect(failing(testDb.db, ['not a number'])).rejects.toMatchObject({ code: '22P02' });
    expect(inUse()).toBe(0);
    expect(await failing(testDb.db, ['7'])).toEqual([{ n: 7 }]);
  });
});
