import { compareCandidates, distanceBand, rankCandidates, searchSettled, type Candidate } from './scoring';

const now = new Date('2026-11-25T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const rules = { bandMeters: 500 };

const candidate = (courierId: string, fields: Partial<Candidate> = {}): Candidate => ({
  courierId,
  distanceMeters: 200,
  currentLoad: 0,
  rating: 4.5,
  idleSince: minutesAgo(1),
  ...fields,
});

const ranking = (candidates: Candidate[]) => rankCandidates(candidates, rules, now).map((c) => c.courierId);

describe('distanceBand', () => {
  it('when distances fall in one band width, then they share a band; the next metre past the edge is the next band', () => {
    expect([0, 499, 500, 999, 1000].map((d) => distanceBand(d, 500))).toEqual([0, 0, 1, 1, 2]);
  });
});

describe('rankCandidates', () => {
  it('when couriers are in different distance bands, then the nearer band wins over load, rating and idle time', () => {
    const near = candidate('cou_near', { distanceMeters: 450, currentLoad: 1, rating: 3, idleSince: now });
    const far = candidate('cou_far', { distanceMeters: 550, currentLoad: 0, rating: 5, idleSince: minutesAgo(60) });
    expect(ranking([far, near])).toEqual(['cou_near', 'cou_far']);
  });

  it('when couriers share a band, then the exact distance does not decide: lower load wins', () => {
    const loaded = candidate('cou_loaded', { distanceMeters: 10, currentLoad: 1 });
    const free = candidate('cou_free', { distanceMeters: 490, currentLoad: 0 });
    expect(ranking([loaded, free])).toEqual(['cou_free', 'cou_loaded']);
  });

  it('when band and load tie, then the higher rating wins', () => {
    expect(ranking([candidate('cou_a', { rating: 4.2 }), candidate('cou_b', { rating: 4.9 })])).toEqual(['cou_b', 'cou_a']);
  });

  it('when band, load and rating tie, then the courier idle longest wins (fairness), and one with no idle clock counts as just idle', () => {
    const waitedLong = candidate('cou_long', { idleSince: minutesAgo(30) });
    const justFree = candidate('cou_just', { idleSince: minutesAgo(2) });
    const unknown = candidate('cou_unknown', { idleSince: null });
    expect(ranking([unknown, justFree, waitedLong])).toEqual(['cou_long', 'cou_just', 'cou_unknown']);
  });

  it('when ratings differ only below a hundredth, then they tie and idle time decides', () => {
    const a = candidate('cou_a', { rating: 4.5, idleSince: minutesAgo(1) });
    const b = candidate('cou_b', { rating: 4.500001, idleSince: minutesAgo(9) });
    expect(ranking([a, b])).toEqual(['cou_b', 'cou_a']);
  });

  it('when everything else ties, then the nearer one, then the smaller id wins, so the ranking is stable', () => {
    const idle = minutesAgo(5);
    const a = candidate('cou_a', { distanceMeters: 300, idleSince: idle });
    const b = candidate('cou_b', { distanceMeters: 100, idleSince: idle });
    const c = candidate('cou_c', { distanceMeters: 100, idleSince: idle });
    expect(ranking([a, c, b])).toEqual(['cou_b', 'cou_c', 'cou_a']);
    expect(ranking([c, b, a])).toEqual(['cou_b', 'cou_c', 'cou_a']);
  });

  it('when ranked, then each candidate carries its band and idle seconds and the input is left as it was', () => {
    const input = [candidate('cou_x', { distanceMeters: 1200, idleSince: minutesAgo(2) })];
    const [ranked] = rankCandidates(input, rules, now);
    expect(ranked).toMatchObject({ courierId: 'cou_x', band: 2, idleSeconds: 120 });
    expect(input[0]).not.toHaveProperty('band');
  });

  it('when compared with itself, then a candidate ties', () => {
    const [ranked] = rankCandidates([candidate('cou_a')], rules, now);
    expect(compareCandidates(ranked!, ranked!)).toBe(0);
  });
});

describe('searchSettled', () => {
  const settled = (nearestFreeMeters: number | null, reachedMeters: number, exhausted = false) =>
    searchSettled({ nearestFreeMeters, reachedMeters, exhausted }, rules);

  it('when the page holds everyone in the radius, then the search stops, free courier or not', () => {
    expect(settled(null, 900, true)).toBe(true);
    expect(settled(100, 120, true)).toBe(true);
  });

  it('when nobody on the page is free and more are left, then the search goes on', () => {
    expect(settled(null, 2900)).toBe(false);
  });

  it('when the page ends inside the nearest free courier’s band, then someone unseen may still rank above them', () => {
    expect(settled(100, 499)).toBe(false);
    expect(settled(600, 999)).toBe(false);
  });

  it('when the page reaches past the nearest free courier’s band, then nobody unseen can rank above them', () => {
    expect(settled(100, 500)).toBe(true);
    expect(settled(600, 1700)).toBe(true);
  });
});
