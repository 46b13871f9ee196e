import { distanceMetres, fitProjection } from './geo';

describe('the offline map projection', () => {
  const store = { lat: 52.52, lng: 13.405 };
  const door = { lat: 52.53, lng: 13.42 };

  it('when two points are projected, then north is up, east is right and both lie inside the padding', () => {
    const projection = fitProjection([store, door], 400, 300, 20);
    const a = projection.project(store);
    const b = projection.project(door);
    expect(b.y).toBeLessThan(a.y);
    expect(b.x).toBeGreaterThan(a.x);
    for (const p of [a, b]) {
      expect(p.x).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(p.x).toBeLessThanOrEqual(380 + 1e-9);
      expect(p.y).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(p.y).toBeLessThanOrEqual(280 + 1e-9);
    }
  });

  it('when points are projected, then distances on the map keep their ratio in both directions', () => {
    const projection = fitProjection([store, door], 500, 500);
    const a = projection.project(store);
    const b = projection.project(door);
    const mapMetres = Math.hypot(b.x - a.x, b.y - a.y) * projection.metresPerUnit;
    expect(mapMetres / distanceMetres(store, door)).toBeCloseTo(1, 2);
  });

  it('when there is one point, then it sits in the middle at the minimum span', () => {
    const projection = fitProjection([store], 200, 100, 0, 1000);
    expect(projection.project(store)).toEqual({ x: 100, y: 50 });
    expect(projection.metresPerUnit).toBeCloseTo(10, 6);
  });
});
