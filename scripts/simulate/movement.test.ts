import { distanceMeters } from '../seed/geo';
import { MAX_REAL_SPEED_MPS, MIN_REPORT_GAP_MS, VEHICLE_SPEED_MPS, legRealMs, makeLeg, positionOnLeg, reportIntervalMs, reportSchedule, travelCompression } from './movement';

const store = { lat: 52.52, lng: 13.405 };
const door = { lat: 52.53, lng: 13.42 };

describe('simulator movement', () => {
  it('when a leg is ridden, then the position moves along the straight line from start to end', () => {
    const leg = makeLeg(store, door, VEHICLE_SPEED_MPS.E_BIKE);
    expect(leg.simSeconds).toBeCloseTo(leg.meters / 5.5, 6);
    expect(positionOnLeg(leg, 0)).toEqual({ point: store, progress: 0, arrived: false });
    const half = positionOnLeg(leg, leg.simSeconds / 2);
    expect(half.point.lat).toBeCloseTo((store.lat + door.lat) / 2, 9);
    expect(half.point.lng).toBeCloseTo((store.lng + door.lng) / 2, 9);
    expect(distanceMeters(store, half.point)).toBeCloseTo(leg.meters / 2, 0);
    expect(half.arrived).toBe(false);
  });

  it('when the time is past the end or before the start, then the position is clamped to the ends', () => {
    const leg = makeLeg(store, door, VEHICLE_SPEED_MPS.BICYCLE);
    expect(positionOnLeg(leg, leg.simSeconds * 3)).toEqual({ point: door, progress: 1, arrived: true });
    expect(positionOnLeg(leg, -5).point).toEqual(store);
  });

  it('when start and end are the same point, then the courier has arrived at once', () => {
    const leg = makeLeg(store, store, VEHICLE_SPEED_MPS.CAR);
    expect(leg.meters).toBe(0);
    expect(positionOnLeg(leg, 0)).toEqual({ point: store, progress: 1, arrived: true });
  });

  it('when the heading is computed, then north-east travel heads between 0 and 90 degrees', () => {
    const heading = makeLeg(store, door, 5).heading;
    expect(heading).toBeGreaterThan(0);
    expect(heading).toBeLessThan(90);
  });

  it('when time is compressed a lot, then travel is compressed only as far as the real speed limit allows', () => {
    expect(travelCompression(2, VEHICLE_SPEED_MPS.BICYCLE)).toBe(2);
    const fast = travelCompression(120, VEHICLE_SPEED_MPS.BICYCLE);
    expect(fast).toBeCloseTo(MAX_REAL_SPEED_MPS / 4.2, 9);
    expect(fast * VEHICLE_SPEED_MPS.BICYCLE).toBeLessThanOrEqual(MAX_REAL_SPEED_MPS + 1e-9);
    // Tracking refuses more than 60 m/s between kept reports.
    expect(MAX_REAL_SPEED_MPS).toBeLessThan(60);
    expect(() => travelCompression(0, 5)).toThrow(RangeError);
  });

  it('when reports are every 5 s simulated, then at high speed they are spaced by the 3 s thinning instead', () => {
    expect(reportIntervalMs(1)).toBe(5_000);
    expect(reportIntervalMs(0.5)).toBe(10_000);
    expect(reportIntervalMs(60)).toBe(MIN_REPORT_GAP_MS);
    expect(MIN_REPORT_GAP_MS).toBeGreaterThan(3_000);
  });

  it('when a ride is scheduled, then it reports every interval and on arrival, never closer than the interval', () => {
    expect(reportSchedule(10_000, 3_300)).toEqual([3_300, 6_600, 10_000]);
    expect(reportSchedule(9_000, 3_300)).toEqual([3_300, 9_000]);
    expect(reportSchedule(6_600, 3_300)).toEqual([3_300, 6_600]);
    expect(reportSchedule(1_000, 3_300)).toEqual([1_000]);
    expect(reportSchedule(0, 3_300)).toEqual([0]);
    expect(() => reportSchedule(1_000, 0)).toThrow(RangeError);
  });

  it('when a leg is ridden at a compression, then its real duration shrinks by that factor', () => {
    const leg = makeLeg(store, door, 5);
    expect(legRealMs(leg, 10)).toBeCloseTo((leg.simSeconds * 1000) / 10, 6);
  });
});
