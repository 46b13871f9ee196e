/** The customer is promised an order ready within 10 to 20 minutes of confirmation (domain.md). */
export const PROMISE_MIN_MINUTES = 10;
export const PROMISE_MAX_MINUTES = 20;

/** Fixed work per order: take the task, fetch a bag, seal and label it. */
export const BASE_MINUTES = 8;
/** Walking to one more shelf. */
export const PER_LINE_MINUTES = 1;
/** Taking one more unit off a shelf already reached. */
export const PER_UNIT_MINUTES = 0.25;
/** Each open task ahead in the queue delays this one (staff work several in parallel). */
export const PER_TASK_AHEAD_MINUTES = 0.5;

/** What the estimate depends on. */
export interface PrepFacts {
  /** Distinct products in the order. */
  lines: number;
  /** Units over all lines. */
  units: number;
  /** Open (queued or picking) tasks of the store before this one. */
  openTasksAhead: number;
}

/**
 * Minutes to promise for preparing an order: 8 + 1 per line + 0.25 per unit + 0.5 per open task
 * ahead, rounded up to a whole minute and clamped to the 10–20 minute promise. A store that is
 * slower than 20 minutes still promises 20: the promise is the product's, lateness is measured
 * against it (and store selection steers orders away from loaded stores).
 */
export function prepMinutes(facts: PrepFacts): number {
  const raw = BASE_MINUTES + PER_LINE_MINUTES * facts.lines + PER_UNIT_MINUTES * facts.units + PER_TASK_AHEAD_MINUTES * facts.openTasksAhead;
  return Math.min(PROMISE_MAX_MINUTES, Math.max(PROMISE_MIN_MINUTES, Math.ceil(raw)));
}

/** When the order is promised ready: its confirmation time plus the prep estimate. */
export function promisedReadyAt(confirmedAt: Date, facts: PrepFacts): Date {
  return new Date(confirmedAt.getTime() + prepMinutes(facts) * 60_000);
}
