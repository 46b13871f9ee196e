import type { ActiveDeliveryRecord, PositionRecord } from '../data/types';
import {
  computeEta,
  DEFAULT_SPEED_MPS,
  DROPOFF_BUFFER_MS,
  etaBreakdown,
  etaChanged,
  minutesUntil,
  PICKUP_MS,
  ROUTE_FACTOR,
  travelSpeedMps,
  UNKNOWN_VEHICLE_SPEED_MPS,
} from './eta';

const now = new Date('2026-11-25T12:00:00Z');
/** Metres due north of `lat` as degrees (the Earth radius used by haversine). */
const north = (lat: number, meters: number) => lat + (meters / 6_371_008.8) * (180 / Math.PI);

const store = { lat: 52.5, lng: 13.4 };
const dropoff = { lat: north(52.5, 2000), lng: 13.4 };

const delivery = (over: Partial<ActiveDeliveryRecord> = {}): ActiveDeliveryRecord => ({
  deliveryId: 'dlv_1',
  orderId: 'ord_1',
  courierId: 'cou_1',
  storeId: 'str_1',
  storeLocation: store,
  dropoffLocation: dropoff,
  vehicle: 'E_BIKE',
  phase: 'TO_STORE',
  promisedReadyAt: null,
  packedAt: null,
  ...over,
});

/** A courier `metersSouth` of the store, reporting `speed`. */
const courierAt = (metersSouth: number, speed: number | null = null): PositionRecord => ({
  courierId: 'cou_1',
  lat: north(store.lat, -metersSouth),
  lng: store.lng,
  heading: 0,
  speed,
  recordedAt: now,
});

describe('travelSpeedMps', () => {
  it('when the phone reports no speed, then the vehicle default is used, or 5 m/s for an unknown vehicle', () => {
    expect(travelSpeedMps('BICYCLE', null)).toBe(DEFAULT_SPEED_MPS.BICYCLE);
    expect(travelSpeedMps(null, null)).toBe(UNKNOWN_VEHICLE_SPEED_MPS);
  });

  it('when the phone reports a speed, then it counts 30 % against 70 % of the default', () => {
    expect(travelSpeedMps('CAR', 10)).toBeCloseTo(0.7 * 8 + 0.3 * 10);
  });

  it('when the courier stands at a light or races, then the speed stays within 0.6×–1.5× the default', () => {
    expect(travelSpeedMps('E_BIKE', 0)).toBeCloseTo(0.7 * 5.5);
    expect(travelSpeedMps('SCOOTER', 0)).toBeCloseTo(0.7 * 7);
    expect(travelSpeedMps('CAR', 100)).toBeCloseTo(1.5 * 8);
  });
});

describe('etaBreakdown', () => {
  it('when the courier rides to a packed order, then ETA = ride to store + pickup + store → door + buffer', () => {
    const b = etaBreakdown(delivery({ packedAt: now }), courierAt(1000), now)!;
    const speed = DEFAULT_SPEED_MPS.E_BIKE;
    expect(b.toStoreMs).toBeCloseTo(((1000 * ROUTE_FACTOR) / speed) * 1000, 0);
    expect(b.toCustomerMs).toBeCloseTo(((2000 * ROUTE_FACTOR) / speed) * 1000, 0);
    expect(b.preparationLeftMs).toBe(0);
    expect(b.totalMs).toBeCloseTo(b.toStoreMs + PICKUP_MS + b.toCustomerMs + DROPOFF_BUFFER_MS, 6);
  });

  it('when the store needs longer than the ride, then the preparation left counts instead of the ride (they overlap)', () => {
    const promisedReadyAt = new Date(now.getTime() + 15 * 60_000);
    const b = etaBreakdown(delivery({ promisedReadyAt }), courierAt(500), now)!;
    expect(b.preparationLeftMs).toBe(15 * 60_000);
    expect(b.totalMs).toBeCloseTo(15 * 60_000 + PICKUP_MS + b.toCustomerMs + DROPOFF_BUFFER_MS, 6);
  });

  it('when the ride is longer than the preparation left, then only the ride counts', () => {
    const b = etaBreakdown(delivery({ promisedReadyAt: new Date(now.getTime() + 60_000) }), courierAt(5000), now)!;
    expect(b.toStoreMs).toBeGreaterThan(60_000);
    expect(b.totalMs).toBeCloseTo(b.toStoreMs + PICKUP_MS + b.toCustomerMs + DROPOFF_BUFFER_MS, 6);
  });

  it('when the promise has passed or the bag is packed, then no preparation is left', () => {
    expect(etaBreakdown(delivery({ promisedReadyAt: new Date(now.getTime() - 60_000) }), courierAt(100), now)!.preparationLeftMs).toBe(0);
    expect(etaBreakdown(delivery({ promisedReadyAt: new Date(now.getTime() + 600_000), packedAt: now }), courierAt(100), now)!.preparationLeftMs).toBe(0);
  });

  it('when the courier has the bag, then only courier → door + buffer counts', () => {
    const halfway = { ...courierAt(0), lat: north(store.lat, 1000) };
    const b = etaBreakdown(delivery({ phase: 'TO_CUSTOMER', promisedReadyAt: new Date(now.getTime() + 600_000) }), halfway, now)!;
    expect(b).toMatchObject({ toStoreMs: 0, preparationLeftMs: 0, pickupMs: 0, bufferMs: DROPOFF_BUFFER_MS });
    expect(b.toCustomerMs).toBeCloseTo(((1000 * ROUTE_FACTOR) / DEFAULT_SPEED_MPS.E_BIKE) * 1000, 0);
  });

  it('when the position or a needed location is unknown, then there is no estimate', () => {
    expect(etaBreakdown(delivery(), null, now)).toBeNull();
    expect(etaBreakdown(delivery({ dropoffLocation: null }), courierAt(100), now)).toBeNull();
    expect(etaBreakdown(delivery({ storeLocation: null }), courierAt(100), now)).toBeNull();
    expect(etaBreakdown(delivery({ storeLocation: null, phase: 'TO_CUSTOMER' }), courierAt(100), now)).not.toBeNull();
  });
});

describe('computeEta', () => {
  it('when an estimate is made, then it names the order and courier and counts whole minutes up', () => {
    const eta = computeEta(delivery({ phase: 'TO_CUSTOMER' }), { ...courierAt(0), lat: north(store.lat, 1000) }, now)!;
    // 1000 m × 1.3 / 5.5 m/s = 236.36 s, + 120 s buffer.
    expect(eta).toEqual({
      orderId: 'ord_1',
      courierId: 'cou_1',
      estimatedArrivalAt: new Date(now.getTime() + Math.round((1300 / 5.5) * 1000) + 120_000),
      minutesRemaining: 6,
      computedAt: now,
    });
  });

  it('when nothing is known of the position, then the ETA is null', () => {
    expect(computeEta(delivery(), null, now)).toBeNull();
  });
});

describe('minutesUntil', () => {
  it('when the moment is ahead, then minutes are rounded up; when passed, then 0', () => {
    expect(minutesUntil(new Date(now.getTime() + 60_001), now)).toBe(2);
    expect(minutesUntil(new Date(now.getTime() + 60_000), now)).toBe(1);
    expect(minutesUntil(new Date(now.getTime() - 5_000), now)).toBe(0);
  });
});

describe('etaChanged', () => {
  const eta = { orderId: 'ord_1', courierId: 'cou_1', estimatedArrivalAt: new Date(now.getTime() + 600_000), minutesRemaining: 10, computedAt: now };
  const published = { orderId: 'ord_1', estimatedArrivalAt: eta.estimatedArrivalAt, minutesRemaining: 10 };

  it('when nothing was published for the order yet, then it is a change', () => {
    expect(etaChanged(null, eta)).toBe(true);
    expect(etaChanged({ ...published, orderId: 'ord_0' }, eta)).toBe(true);
  });

  it('when the arrival drifts by less than 30 s and the minutes stay, then it is no change', () => {
    expect(etaChanged({ ...published, estimatedArrivalAt: new Date(eta.estimatedArrivalAt.getTime() - 29_000) }, eta)).toBe(false);
  });

  it('when the arrival moves by 30 s or more, or the whole minutes change, then it is a change', () => {
    expect(etaChanged({ ...published, estimatedArrivalAt: new Date(eta.estimatedArrivalAt.getTime() + 30_000) }, eta)).toBe(true);
    expect(etaChanged({ ...published, minutesRemaining: 11 }, eta)).toBe(true);
  });
});
