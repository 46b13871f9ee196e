import type { LocationReportRecord } from '../data/types';
import { haversineMeters, METRES_PER_DEGREE } from '@qc/shared';
import { jumpProblem, jumpToleranceMeters, MAX_CLOCK_SKEW_MS, MAX_SPEED_MPS, reportProblem } from './report';

const now = new Date('2026-11-25T12:00:00Z');
const report = (over: Partial<LocationReportRecord> = {}): LocationReportRecord => ({
  courierId: 'cou_1',
  lat: 52.52,
  lng: 13.405,
  heading: 90,
  speed: 5,
  accuracy: 8,
  recordedAt: new Date('2026-11-25T11:59:58Z'),
  ...over,
});
const at = (iso: string, lat: number, lng: number) => ({ courierId: 'cou_1', lat, lng, heading: null, speed: null, recordedAt: new Date(iso) });

describe('reportProblem', () => {
  it('when every value is in range and the fix is recent, then there is no problem', () => {
    expect(reportProblem(report(), now)).toBeNull();
    expect(reportProblem(report({ heading: null, speed: null, accuracy: null }), now)).toBeNull();
  });

  it('when a coordinate, heading, speed or accuracy is out of range, then the field is named', () => {
    expect(reportProblem(report({ lat: 90.01 }), now)?.field).toBe('lat/lng');
    expect(reportProblem(report({ lng: -180.5 }), now)?.field).toBe('lat/lng');
    expect(reportProblem(report({ heading: 360 }), now)?.field).toBe('heading');
    expect(reportProblem(report({ speed: -1 }), now)?.field).toBe('speed');
    expect(reportProblem(report({ accuracy: -0.5 }), now)?.field).toBe('accuracy');
    expect(reportProblem(report({ accuracy: Number.NaN }), now)?.field).toBe('accuracy');
  });

  it('when the fix is up to 30 s ahead of the server, then it is accepted (phone clocks drift)', () => {
    expect(reportProblem(report({ recordedAt: new Date(now.getTime() + MAX_CLOCK_SKEW_MS) }), now)).toBeNull();
  });

  it('when the fix is more than 30 s in the future, then recordedAt is refused with how far ahead it is', () => {
    const problem = reportProblem(report({ recordedAt: new Date(now.getTime() + 90_000) }), now);
    expect(problem).toEqual({ field: 'recordedAt', message: expect.stringContaining('90 s in the future') });
  });
});

describe('jumpToleranceMeters', () => {
  it('when accuracy is unknown, then only the base 50 m is forgiven; a poor fix adds up to 150 m more', () => {
    expect(jumpToleranceMeters(null)).toBe(50);
    expect(jumpToleranceMeters(20)).toBe(70);
    expect(jumpToleranceMeters(5000)).toBe(200);
  });
});

describe('jumpProblem', () => {
  it('when a courier rides 15 m/s for 5 s, then it is no jump', () => {
    expect(jumpProblem(at('2026-11-25T12:00:00Z', 52.52, 13.405), at('2026-11-25T12:00:05Z', 52.52 + 75 / METRES_PER_DEGREE, 13.405), 50)).toBeNull();
  });

  it('when the report lands in Munich 10 s after Berlin, then it is refused with the implied speed', () => {
    const problem = jumpProblem(at('2026-11-25T12:00:00Z', 52.52, 13.405), at('2026-11-25T12:00:10Z', 48.137, 11.575), 50);
    expect(problem).toEqual({ field: 'lat/lng', message: expect.stringMatching(/impossible jump: \d+ m in 10\.0 s .*50\d{3} m\/s; at most 60 m\/s/) });
  });

  it('when the distance is just within or just beyond speed × time + tolerance, then the boundary is exact', () => {
    const from = at('2026-11-25T12:00:00Z', 52.52, 13.405);
    const allowed = MAX_SPEED_MPS * 4 + 50;
    const north = (meters: number) => at('2026-11-25T12:00:04Z', 52.52 + meters / METRES_PER_DEGREE, 13.405);
    const inside = north(allowed - 1);
    const outside = north(allowed + 1);
    expect(haversineMeters(from, inside)).toBeLessThan(allowed);
    expect(jumpProblem(from, inside, 50)).toBeNull();
    expect(haversineMeters(from, outside)).toBeGreaterThan(allowed);
    expect(jumpProblem(from, outside, 50)).not.toBeNull();
  });

  it('when two fixes share a moment, then only the tolerance is allowed', () => {
    const from = at('2026-11-25T12:00:00Z', 52.52, 13.405);
    expect(jumpProblem(from, at('2026-11-25T12:00:00Z', 52.52 + 40 / METRES_PER_DEGREE, 13.405), 50)).toBeNull();
    expect(jumpProblem(from, at('2026-11-25T12:00:00Z', 52.52 + 60 / METRES_PER_DEGREE, 13.405), 50)?.message).toContain('an instant');
  });
});
