import type { StoreRecord } from '../data/types';
import { DISTANCE_BAND_METERS, isOverloaded, rankStores, type StoreCandidate } from './store-choice';

const candidate = (id: string, distanceMeters: number, load: number, capacity = 10): StoreCandidate => ({
  store: { id, name: id, lat: 0, lng: 0, address: '', deliveryRadiusMeters: 5000, capacity, timezone: 'UTC', openingHours: [] } satisfies StoreRecord,
  distanceMeters,
  load,
});

const ids = (ranked: StoreCandidate[]) => ranked.map((c) => c.store.id);

describe('rankStores', () => {
  it('when stores are in different distance bands, then the nearer band wins even if it is busier', () => {
    expect(ids(rankStores([candidate('str_far', 1400, 0), candidate('str_near', 200, 8)]))).toEqual(['str_near', 'str_far']);
  });

  it('when stores are in the same band, then the less utilised one wins (load against its own capacity)', () => {
    const ranked = rankStores([candidate('str_a', 100, 6, 10), candidate('str_b', 400, 6, 20)]);
    expect(ids(ranked)).toEqual(['str_b', 'str_a']);
    expect(Math.floor(400 / DISTANCE_BAND_METERS)).toBe(Math.floor(100 / DISTANCE_BAND_METERS));
  });

  it('when a store is at or over capacity, then it comes after every store that is not, however near', () => {
    const ranked = rankStores([candidate('str_full', 50, 10, 10), candidate('str_over', 60, 14, 10), candidate('str_far', 2900, 9, 10)]);
    expect(ids(ranked)).toEqual(['str_far', 'str_full', 'str_over']);
  });

  it('when everything ties but the exact distance, then the nearer wins; on a full tie, the id decides', () => {
    expect(ids(rankStores([candidate('str_b', 300, 2), candidate('str_a', 300, 2), candidate('str_c', 250, 2)]))).toEqual(['str_c', 'str_a', 'str_b']);
  });

  it('when given candidates, then the input array is left as it was', () => {
    const input = [candidate('str_b', 900, 0), candidate('str_a', 10, 0)];
    rankStores(input);
    expect(ids(input)).toEqual(['str_b', 'str_a']);
  });
});

describe('isOverloaded', () => {
  it('when the load reaches the capacity, then the store is overloaded; one below, it is not', () => {
    expect(isOverloaded(candidate('s', 0, 10, 10))).toBe(true);
    expect(isOverloaded(candidate('s', 0, 9, 10))).toBe(false);
  });
});
