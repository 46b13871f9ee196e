/** How far dispatch looks for couriers and how long it keeps trying; all from configuration. */
export interface SearchRules {
  /** Radius of the first search around the store. */
  baseRadiusMeters: number;
  /** The widest the search ever gets. */
  maxRadiusMeters: number;
  /** Declined or ignored offers before the radius doubles. */
  missesBeforeWidening: number;
  /** Offers made before the order is escalated. */
  maxAttempts: number;
  /** How long an order that needs a courier may find nobody at the widest radius before it is escalated. */
  noCourierTimeoutMs: number;
}

/** Search radius at `level`: the base radius doubled per level, never above the maximum. */
export function searchRadius(level: number, rules: SearchRules): number {
  return Math.min(rules.baseRadiusMeters * 2 ** level, rules.maxRadiusMeters);
}

/** The first level whose radius is the maximum: widening stops there. */
export function maxRadiusLevel(rules: SearchRules): number {
  let level = 0;
  while (searchRadius(level, rules) < rules.maxRadiusMeters) level += 1;
  return level;
}

/**
 * After an offer was declined or ignored: one more miss, and every `missesBeforeWidening` misses the
 * radius doubles (up to the maximum).
 */
export function afterMiss(state: { misses: number; radiusLevel: number }, rules: SearchRules): { misses: number; radiusLevel: number } {
  const misses = state.misses + 1;
  const widen = misses % rules.missesBeforeWidening === 0;
  return { misses, radiusLevel: widen ? Math.min(state.radiusLevel + 1, maxRadiusLevel(rules)) : state.radiusLevel };
}

/** What to do with an order that needs a courier when the search found nobody free. */
export type EmptySearchDecision = { kind: 'WIDEN'; radiusLevel: number } | { kind: 'WAIT' } | { kind: 'ESCALATE' };

/**
 * Nobody free within the radius: look wider at once (nobody nearer is left to prefer), and at the
 * widest radius keep waiting for someone to come free until `noCourierTimeoutMs` after the order first
 * needed a courier; then escalate.
 */
export function onEmptySearch(
  state: { radiusLevel: number; dueSince: Date | null },
  now: Date,
  rules: SearchRules,
): EmptySearchDecision {
  if (state.radiusLevel < maxRadiusLevel(rules)) return { kind: 'WIDEN', radiusLevel: state.radiusLevel + 1 };
  const since = state.dueSince ?? now;
  return now.getTime() - since.getTime() >= rules.noCourierTimeoutMs ? { kind: 'ESCALATE' } : { kind: 'WAIT' };
}

/**
 * When an order that found nobody free is escalated if still nobody comes: `noCourierTimeoutMs` after
 * it first needed a courier (`dueSince`, or now for the first empty search).
 */
export function noCourierDeadline(dueSince: Date | null, now: Date, rules: SearchRules): Date {
  return new Date((dueSince ?? now).getTime() + rules.noCourierTimeoutMs);
}

/** After `maxAttempts` offers all declined or ignored, the order goes to admins. */
export const attemptsExhausted = (attempts: number, rules: SearchRules): boolean => attempts >= rules.maxAttempts;
