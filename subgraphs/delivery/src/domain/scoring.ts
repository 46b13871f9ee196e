/** What ranking needs to know about a free courier near the store. */
export interface Candidate {
  courierId: string;
  /** Straight-line distance from the courier to the store, in metres. */
  distanceMeters: number;
  /** Orders the courier carries now. */
  currentLoad: number;
  /** 1–5. */
  rating: number;
  /** Since when the courier has been free; null counts as "just now". */
  idleSince: Date | null;
}

export interface ScoringRules {
  /** Width of a distance band: couriers in one band count as equally near. */
  bandMeters: number;
}

/** A candidate with the keys it was ranked by, for logs and tests. */
export interface RankedCandidate extends Candidate {
  band: number;
  idleSeconds: number;
}

/** The distance band of a distance: 0 for [0, band), 1 for [band, 2·band), … */
export const distanceBand = (distanceMeters: number, bandMeters: number): number => Math.floor(Math.max(0, distanceMeters) / bandMeters);

/** Ratings differ in the second decimal at most; compare them as whole hundredths so 4.1 vs 4.10 ties. */
const hundredths = (rating: number): number => Math.round(rating * 100);

/**
 * Orders two candidates, best first. The score is lexicographic, each key only breaking ties of the
 * one before:
 *
 * 1. distance band to the store (nearer band first) — a courier 150 m further is no worse, one 2 km
 *    further is;
 * 2. current load (fewer orders first);
 * 3. rating (higher first);
 * 4. idle time (longer first) — fairness: the courier who has waited longest gets the next order;
 * 5. exact distance, then courier id, so the order is total and the same input always ranks the same.
 */
export function compareCandidates(a: RankedCandidate, b: RankedCandidate): number {
  return (
    a.band - b.band ||
    a.currentLoad - b.currentLoad ||
    hundredths(b.rating) - hundredths(a.rating) ||
    b.idleSeconds - a.idleSeconds ||
    a.distanceMeters - b.distanceMeters ||
    (a.courierId < b.courierId ? -1 : a.courierId > b.courierId ? 1 : 0)
  );
}

/** Ranks candidates best first by `compareCandidates`; the input is not changed. */
export function rankCandidates(candidates: readonly Candidate[], rules: ScoringRules, now: Date): RankedCandidate[] {
  return candidates
    .map((c) => ({
      ...c,
      band: distanceBand(c.distanceMeters, rules.bandMeters),
      idleSeconds: c.idleSince ? Math.max(0, Math.floor((now.getTime() - c.idleSince.getTime()) / 1000)) : 0,
    }))
    .sort(compareCandidates);
}

/**
 * Whether a nearest-first search may stop: it has seen everyone in the radius, or it has found a free
 * courier and gone past that courier's distance band — everyone not seen yet is further, in a later
 * band, so cannot rank above them.
 */
export function searchSettled(
  search: { nearestFreeMeters: number | null; reachedMeters: number; exhausted: boolean },
  rules: ScoringRules,
): boolean {
  if (search.exhausted) return true;
  if (search.nearestFreeMeters === null) return false;
  return distanceBand(search.reachedMeters, rules.bandMeters) > distanceBand(search.nearestFreeMeters, rules.bandMeters);
}
