/**
 * The dispatch job's three event upserts on real Postgres: the store location an event brings, and
 * whether each says the dispatcher has something to do (the consumers wake it only then).
 */
import { createTestDeps, type TestDeps } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { createRepositories, type GeoPoint, type Repositories } from '../../src/data';

let deps: TestDeps;
let repos: Repositories;

beforeAll(async () => {
  deps = await createTestDeps('delivery', migrations);
  repos = createRepositories(deps.db);
});

afterAll(async () => {
  await deps.close();
});

const here: GeoPoint = { lat: 52.5, lng: 13.4 };
const there: GeoPoint = { lat: 48.1, lng: 11.5 };
const dropoff: GeoPoint = { lat: 52.51, lng: 13.41 };
const inTenMinutes = () => new Date(Date.now() + 10 * 60_000);

const storeOf = async (orderId: string) => {
  const [job] = await repos.dispatchJobs.findByOrderIds([orderId]);
  return { storeId: job?.storeId, location: job?.storeLocation };
};

describe('dispatch job upserts', () => {
  it('when the store is known, then orders.confirmed alone leaves nothing to dispatch; the promise makes the job due', async () => {
    expect(await repos.dispatchJobs.recordConfirmedMany([{ orderId: 'ord_j1', storeId: 'str_j1', dropoff, confirmedAt: new Date(), customerId: 'cus_1', storeLocation: here }])).toBe(false);
    expect(await storeOf('ord_j1')).toEqual({ storeId: 'str_j1', location: here });
    expect(await repos.dispatchJobs.recordTaskCreated('ord_j1', 'str_j1', inTenMinutes(), here)).toBe(true);
  });

  it('when the store is not known yet, then the job is for the dispatcher at once (it looks the store up), in any event order', async () => {
    expect(await repos.dispatchJobs.recordTaskCreated('ord_j2', 'str_j2', inTenMinutes())).toBe(true);
    expect(await repos.dispatchJobs.recordConfirmedMany([{ orderId: 'ord_j2', storeId: 'str_j2', dropoff, confirmedAt: new Date() }])).toBe(true);
    expect((await storeOf('ord_j2')).location).toBeNull();
    await repos.dispatchJobs.setStoreLocations(new Map([['str_j2', here]]));
    expect((await storeOf('ord_j2')).location).toEqual(here);
  });

  it('when a later event names the same store, then the location held stays; when it names another store, then that store’s location (or none) replaces it', async () => {
    await repos.dispatchJobs.recordConfirmedMany([{ orderId: 'ord_j3', storeId: 'str_j3', dropoff, confirmedAt: new Date(), storeLocation: here }]);
    await repos.dispatchJobs.recordTaskCreated('ord_j3', 'str_j3', inTenMinutes(), there);
    expect(await storeOf('ord_j3')).toEqual({ storeId: 'str_j3', location: here });
    // orders.confirmed never changes the store the job has, nor its location.
    await repos.dispatchJobs.recordConfirmedMany([{ orderId: 'ord_j3', storeId: 'str_other', dropoff, confirmedAt: new Date(), storeLocation: there }]);
    expect(await storeOf('ord_j3')).toEqual({ storeId: 'str_j3', location: here });
    await repos.dispatchJobs.recordPacked('ord_j3', 'str_j3b', new Date(), there);
    expect(await storeOf('ord_j3')).toEqual({ storeId: 'str_j3b', location: there });
    expect(await repos.dispatchJobs.recordTaskCreated('ord_j3', 'str_j3c', inTenMinutes())).toBe(true);
    expect(await storeOf('ord_j3')).toEqual({ storeId: 'str_j3c', location: null });
  });

  it('when the job is no longer waiting, then no event makes it the dispatcher’s again', async () => {
    await repos.dispatchJobs.cancel('ord_j4');
    expect(await repos.dispatchJobs.recordConfirmedMany([{ orderId: 'ord_j4', storeId: 'str_j4', dropoff, confirmedAt: new Date(), storeLocation: here }])).toBe(false);
    expect(await repos.dispatchJobs.recordPacked('ord_j4', 'str_j4', new Date())).toBe(false);
    const [job] = await repos.dispatchJobs.findByOrderIds(['ord_j4']);
    expect(job?.status).toBe('CANCELLED');
  });
});
