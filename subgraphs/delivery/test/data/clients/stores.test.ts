import { ServiceClient } from '@qc/shared';
import { TEST_HMAC_SECRET } from '@qc/shared/testing';
import { startAvailabilityStub, type AvailabilityStub } from '../../support/stubs';
import { AvailabilityStoreLocator } from '../../../src/data/clients/stores';

let stub: AvailabilityStub;
let clock = 0;
let locator: AvailabilityStoreLocator;

beforeAll(async () => {
  stub = await startAvailabilityStub();
  stub.stores.set('str_a', { lat: 52.52, lng: 13.405 });
  stub.stores.set('str_b', { lat: 52.5, lng: 13.3 });
  locator = new AvailabilityStoreLocator(new ServiceClient(stub.url, TEST_HMAC_SECRET, 'delivery'), 60_000, () => clock);
});

afterAll(() => stub.close());

describe('AvailabilityStoreLocator (signed _entities against a real HTTP stub)', () => {
  it('when stores are located, then known ones come back by id and unknown ones are left out', async () => {
    const found = await locator.locate(['str_a', 'str_404', 'str_b']);
    expect([...found.entries()].sort()).toEqual([
      ['str_a', { lat: 52.52, lng: 13.405 }],
      ['str_b', { lat: 52.5, lng: 13.3 }],
    ]);
    expect(stub.calls).toEqual([['str_a', 'str_404', 'str_b']]);
  });

  it('when asked again within the cache time, then availability is not asked, not even for the unknown store', async () => {
    clock += 10_000;
    expect((await locator.locate(['str_a', 'str_404'])).get('str_a')).toEqual({ lat: 52.52, lng: 13.405 });
    expect(stub.calls).toHaveLength(1);
  });

  it('when asked what it already knows, then it answers from the cache alone: a located store, null for an unknown or never asked one', () => {
    expect(locator.known('str_a')).toEqual({ lat: 52.52, lng: 13.405 });
    expect(locator.known('str_404')).toBeNull();
    expect(locator.known('str_never')).toBeNull();
    expect(stub.calls).toHaveLength(1);
  });

  it('when the unknown store was created meanwhile, then it is found once its short miss cache has passed', async () => {
    stub.stores.set('str_404', { lat: 48.1, lng: 11.5 });
    clock += 25_000;
    expect((await locator.locate(['str_404', 'str_a'])).get('str_404')).toEqual({ lat: 48.1, lng: 11.5 });
    expect(stub.calls.at(-1)).toEqual(['str_404']);
  });

  it('when the request is signed with another secret, then availability refuses it and the lookup fails rather than guessing', async () => {
    const forged = new AvailabilityStoreLocator(new ServiceClient(stub.url, 'another-secret-that-is-long-enough-000', 'delivery'), 60_000);
    await expect(forged.locate(['str_a'])).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
