import type { StoreRecord } from '../data/types';
import { coveringStores, openAt } from './coverage';

const store = (id: string, deliveryRadiusMeters: number, openingHours: StoreRecord['openingHours'] = []): StoreRecord => ({
  id,
  name: id,
  lat: 0,
  lng: 0,
  address: '',
  deliveryRadiusMeters,
  capacity: 1,
  timezone: 'UTC',
  openingHours,
});

describe('coveringStores', () => {
  it('when a candidate is further away than its own radius, then it is left out; exactly at the radius, it covers', () => {
    const found = coveringStores([
      { store: store('str_far', 1000), distanceMeters: 1500 },
      { store: store('str_edge', 2000), distanceMeters: 2000 },
      { store: store('str_big', 5000), distanceMeters: 4000 },
    ]);
    expect(found.map((c) => c.store.id)).toEqual(['str_edge', 'str_big']);
  });

  it('when stores are at different distances, then the nearest comes first and ties go by id', () => {
    const found = coveringStores([
      { store: store('str_c', 9000), distanceMeters: 800 },
      { store: store('str_b', 9000), distanceMeters: 300 },
      { store: store('str_a', 9000), distanceMeters: 800 },
    ]);
    expect(found.map((c) => c.store.id)).toEqual(['str_b', 'str_a', 'str_c']);
  });
});

describe('openAt', () => {
  it('when one store is open round the clock and one has no hours, then only the open one is kept', () => {
    const allDay = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
    const open = openAt(
      [
        { store: store('str_open', 1000, allDay), distanceMeters: 10 },
        { store: store('str_closed', 1000, []), distanceMeters: 5 },
      ],
      new Date('2026-11-20T12:00:00Z'),
    );
    expect(open.map((s) => s.store.id)).toEqual(['str_open']);
  });
});
