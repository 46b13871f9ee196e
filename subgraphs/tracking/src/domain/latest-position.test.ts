import { newestPerCourier } from './latest-position';

const at = (courierId: string, iso: string, lat = 52) => ({ courierId, lat, lng: 13, heading: null, speed: null, recordedAt: new Date(iso) });

describe('newestPerCourier', () => {
  it('when a batch holds several reports of one courier, then only the most recently recorded is kept', () => {
    const kept = newestPerCourier([at('cou_1', '2026-11-22T10:00:05Z'), at('cou_2', '2026-11-22T10:00:00Z'), at('cou_1', '2026-11-22T10:00:00Z')]);
    expect(kept.map((p) => [p.courierId, p.recordedAt.toISOString()])).toEqual([
      ['cou_1', '2026-11-22T10:00:05.000Z'],
      ['cou_2', '2026-11-22T10:00:00.000Z'],
    ]);
  });

  it('when two reports of one courier share a time, then the later one in the batch wins', () => {
    const kept = newestPerCourier([at('cou_1', '2026-11-22T10:00:00Z', 50), at('cou_1', '2026-11-22T10:00:00Z', 51)]);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.lat).toBe(51);
  });

  it('when the batch is empty, then nothing is kept', () => {
    expect(newestPerCourier([])).toEqual([]);
  });
});
