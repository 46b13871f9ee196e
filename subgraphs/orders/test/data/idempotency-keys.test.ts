import { createTestDb, type TestDb } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { createRepositories, type Repositories } from '../../src/data';

let testDb: TestDb;
let repos: Repositories;
const hashA = 'a'.repeat(64);

beforeAll(async () => {
  testDb = await createTestDb('orders_idem', migrations);
  repos = createRepositories(testDb.db);
  await repos.customers.upsertMany([
    { id: 'cus_1', name: 'One', email: 'one@example.com' },
    { id: 'cus_2', name: 'Two', email: 'two@example.com' },
  ]);
});

afterAll(async () => {
  await testDb.drop();
});

beforeEach(async () => {
  await testDb.db('idempotency_keys').del();
});

/** A claim of a known customer's key (its answer narrowed to the claimed/not claimed kind). */
const claimAs = async (customerId: string, orderId: string, leaseMs = 30_000, key = 'k1') => {
  const result = await repos.idempotency.claim({ customerId, key, requestHash: hashA, orderId, leaseMs });
  if ('unknownCustomer' in result) throw new Error(`${customerId} has no account`);
  return result;
};
const claim = (orderId: string, leaseMs = 30_000, key = 'k1') => claimAs('cus_1', orderId, leaseMs, key);

describe('idempotency keys', () => {
  it('when 20 claims for one key race, then exactly one wins and the others see its order id', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => claim(`ord_${i}`)));
    const winners = results.filter((r) => r.claimed);
    expect(winners).toHaveLength(1);
    const orderId = winners[0]!.record!.orderId;
    expect(results.every((r) => r.record?.orderId === orderId)).toBe(true);
  });

  it('when the owner still holds the lease, then nobody can take the claim over', async () => {
    await claim('ord_1');
    expect(await repos.idempotency.takeOver('cus_1', 'k1', 30_000)).toBeNull();
  });

  it('when the lease ran out, then a retry takes the claim over with the same order id, once', async () => {
    await claim('ord_1', 0);
    const taken = await Promise.all([repos.idempotency.takeOver('cus_1', 'k1', 30_000), repos.idempotency.takeOver('cus_1', 'k1', 30_000)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect(taken.find(Boolean)?.orderId).toBe('ord_1');
  });

  it('when a claim is completed, then its outcome is kept, it cannot be completed again and it is never taken over', async () => {
    await claim('ord_1', 0);
    expect(await repos.idempotency.complete('cus_1', 'k1', 'ord_1', { kind: 'placed', orderId: 'ord_1' })).toBe(true);
    expect(await repos.idempotency.complete('cus_1', 'k1', 'ord_1', { kind: 'placed', orderId: 'ord_1' })).toBe(false);
    expect(await repos.idempotency.takeOver('cus_1', 'k1', 30_000)).toBeNull();
    expect(await repos.idempotency.find('cus_1', 'k1')).toMatchObject({ status: 'COMPLETED', outcome: { kind: 'placed', orderId: 'ord_1' } });
  });

  it('when a claim is released, then the key can be claimed afresh with a new order id', async () => {
    await claim('ord_1');
    await repos.idempotency.release('cus_1', 'k1', 'ord_1');
    expect((await claim('ord_2')).claimed).toBe(true);
  });

  it('when the same key is used by two customers, then each has their own claim', async () => {
    await claim('ord_1');
    const other = await claimAs('cus_2', 'ord_2', 1000);
    expect(other.claimed).toBe(true);
  });

  it('when the customer has no account here, then the claim says so and claims nothing', async () => {
    expect(await repos.idempotency.claim({ customerId: 'cus_nobody', key: 'k1', requestHash: hashA, orderId: 'ord_1', leaseMs: 1000 })).toEqual({ unknownCustomer: true });
    expect(await testDb.db('idempotency_keys').count<{ n: string }[]>('* as n')).toEqual([{ n: '0' }]);
  });

  it('when a key is longer than 100 characters, then the database refuses it', async () => {
    await expect(claim('ord_1', 1000, 'k'.repeat(101))).rejects.toThrow(/idempotency_keys_key_length/);
  });
});
