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

describe('a prepared statement that ends its transaction (its COMMIT in the same round trip)', () => {
  const insertLast = preparedStatement<{ id: string }>('db_test_insert_last', 'INSERT INTO things (id, n) VALUES ($1, $2::int) RETURNING id', { endsTransaction: true });

  it('when it answers, then its transaction is committed (others see it at once), and the connection serves the next transaction', async () => {
    const db = createDb({ url: TEST_DATABASE_URL, schema: testDb.schema, poolMax: 1 });
    try {
      const result = await db.transaction(async (trx) => {
        await trx('things').insert({ id: 'e1', n: 1 });
        expect(await insertLast(trx, ['e2', 2])).toEqual([{ id: 'e2' }]);
        // Before knex's own end of the transaction: the COMMIT went with the statement.
        expect(await testDb.db('things').whereIn('id', ['e1', 'e2']).orderBy('id').pluck('id')).toEqual(['e1', 'e2']);
        return 'done';
      });
      expect(result).toBe('done');
      // The same (only) connection is outside any transaction: a rolled-back one leaves nothing.
      await db
        .transaction(async (trx) => {
          await trx('things').insert({ id: 'e3', n: 3 });
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await db('things').insert({ id: 'e4', n: 4 });
      expect(await testDb.db('things').whereIn('id', ['e3', 'e4']).pluck('id')).toEqual(['e4']);
    } finally {
      await db.destroy();
    }
  });

  it('when it is the transaction\'s only statement, then BEGIN, it and COMMIT go together and it is committed', async () => {
    const db = createDb({ url: TEST_DATABASE_URL, schema: testDb.schema, poolMax: 1 });
    try {
      await db.transaction((trx) => insertLast(trx, ['e5', 5]));
      await db.transaction(async (trx) => {
        await trx('things').insert({ id: 'e6', n: 6 });
        throw new Error('roll back');
      }).catch(() => undefined);
      expect(await testDb.db('things').whereIn('id', ['e5', 'e6']).pluck('id')).toEqual(['e5']);
    } finally {
      await db.destroy();
    }
  });

  it('when it fails, then nothing of its transaction stays, the caller gets the error, and the connection serves the next transaction', async () => {
    const db = createDb({ url: TEST_DATABASE_URL, schema: testDb.schema, poolMax: 1 });
    try {
      await expect(
        db.transaction(async (trx) => {
          await trx('things').insert({ id: 'e7', n: 7 });
          await insertLast(trx, ['e8', 'not a number']);
        }),
      ).rejects.toMatchObject({ code: '22P02' });
      await expect(
        db.transaction(async (trx) => {
          await trx('things').insert({ id: 'e9', n: 9 });
          await insertLast(trx, ['e9', 9]);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      await db.transaction((trx) => insertLast(trx, ['e10', 10]));
      expect(await testDb.db('things').whereIn('id', ['e7', 'e8', 'e9', 'e10']).pluck('id')).toEqual(['e10']);
    } finally {
      await db.destroy();
    }
  });

  it('when it is run outside a transaction or in a nested one, or something runs after it, then that is refused', async () => {
    await expect(insertLast(testDb.db, ['e11', 11])).rejects.toThrow('ends a transaction: run it on one, not nested');
    await expect(testDb.db.transaction((trx) => trx.transaction((nested) => insertLast(nested, ['e11', 11])))).rejects.toThrow('not nested');
    await expect(
      testDb.db.transaction(async (trx) => {
        await insertLast(trx, ['e12', 12]);
        await trx('things').insert({ id: 'e13', n: 13 });
      }),
    ).rejects.toThrow('A statement after the one that committed its transaction');
    expect(await testDb.db('things').whereIn('id', ['e11', 'e12', 'e13']).pluck('id')).toEqual(['e12']);
    expect(inUse()).toBe(0);
    expect(await byIds(testDb.db, [['a']])).toEqual([{ id: 'a', n: 1 }]);
  });
});
