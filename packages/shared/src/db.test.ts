import { createTestDb, TEST_DATABASE_URL, type TestDb } from './testing';
import { createDb, preparedStatement } from './db';

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

describe('a transaction whose BEGIN goes with its first statement', () => {
  it('when the transaction rolls back, then none of its statements stays, the first one (parameterized) included', async () => {
    await testDb.db
      .transaction(async (trx) => {
        await trx('things').insert({ id: 'r1', n: 1 });
        await trx('things').insert({ id: 'r2', n: 2 });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await testDb.db('things').whereIn('id', ['r1', 'r2'])).toEqual([]);
  });

  it('when the first statement has no parameters, then it too runs inside the transaction and answers as it would alone', async () => {
    await testDb.db
      .transaction(async (trx) => {
        expect((await trx.raw(`INSERT INTO things (id, n) VALUES ('r3', 3) RETURNING n`)).rows).toEqual([{ n: 3 }]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await testDb.db('things').where('id', 'r3')).toEqual([]);
  });

  it('when the first statement is a prepared statement, then it runs inside the transaction', async () => {
    const trx = await testDb.db.transaction();
    expect(await byIds(trx, [['a']])).toEqual([{ id: 'a', n: 1 }]);
    await trx('things').insert({ id: 'r4', n: 4 });
    expect(await byIds(testDb.db, [['r4']])).toEqual([]);
    await trx.rollback();
    expect(await byIds(testDb.db, [['r4']])).toEqual([]);
    expect(inUse()).toBe(0);
  });

  it('when the first statement fails, then the caller gets the error, nothing stays, and the connection serves the next transaction', async () => {
    const db = createDb({ url: TEST_DATABASE_URL, schema: testDb.schema, poolMax: 1 });
    try {
      await expect(
        db.transaction(async (trx) => {
          await failing(trx, ['not a number']);
        }),
      ).rejects.toMatchObject({ code: '22P02' });
      await expect(
        db.transaction(async (trx) => {
          await trx('things').insert({ id: 'r5', n: 5 });
          await trx('things').insert({ id: 'r5', n: 5 });
        }),
      ).rejects.toMatchObject({ code: '23505' });
      await db.transaction(async (trx) => {
        await trx('things').insert({ id: 'r6', n: 6 });
      });
      expect(await testDb.db('things').whereIn('id', ['r5', 'r6']).select('id')).toEqual([{ id: 'r6' }]);
    } finally {
      await db.destroy();
    }
  });

  it('when a transaction ends before any statement, then its connection is left outside any transaction', async () => {
    const db = createDb({ url: TEST_DATABASE_URL, schema: testDb.schema, poolMax: 1 });
    try {
      await db.transaction(async () => undefined);
      const trx = await db.transaction();
      await trx.rollback();
      // On the same (only) connection: a statement outside a transaction is committed at once, so
      // another connection sees it; a BEGIN left behind would keep it invisible.
      await db('things').insert({ id: 'r7', n: 7 });
      expect(await testDb.db('things').where('id', 'r7').select('id')).toEqual([{ id: 'r7' }]);
    } finally {
      await db.destroy();
    }
  });
});
