import { haversineMeters } from '@qc/shared';

describe('haversineMeters', () => {
  it('when two points are the same, then the distance is 0', () => {
    expect(haversineMeters({ lat: 52.52, lng: 13.405 }, { lat: 52.52, lng: 13.405 })).toBe(0);
  });

  it('when the points are Berlin and Munich, then the distance is the known ~504 km', () => {
    const d = haversineMeters({ lat: 52.52, lng: 13.405 }, { lat: 48.1372, lng: 11.5756 });
    expect(d).toBeGreaterThan(503_000);
    expect(d).toBeLessThan(506_000);
  });

  it('when the points are one degree of latitude apart, then the distance is ~111.2 km either way', () => {
    const north = haversineMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 });
    expect(north).toBeCloseTo(111_195, -1);
    expect(haversineMeters({ lat: 1, lng: 0 }, { lat: 0, lng: 0 })).toBeCloseTo(north, 6);
  });

  it('when the points straddle the antimeridian, then the short way round is measured', () => {
    expect(haversineMeters({ lat: 0, lng: 179.999 }, { lat: 0, lng: -179.999 })).toBeLessThan(300);
  });
});
