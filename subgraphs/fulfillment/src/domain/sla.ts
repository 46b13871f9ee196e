import type { PickTaskRecord } from '../data';

/** What lateness depends on; a narrow shape so callers (and tests) need not build a whole record. */
export type SlaFacts = Pick<PickTaskRecord, 'status' | 'promisedReadyAt' | 'packedAt'>;

const MINUTE = 60_000;

/**
 * The moment a task is judged at: when it was packed (so a packed task's answer never changes), or
 * now for an open task. Null for a cancelled task (nobody is waiting for it) and for a PACKED one
 * without `packed_at` (the table forbids that; there is nothing to judge by).
 */
function judgedAt(task: SlaFacts, now: Date): Date | null {
  switch (task.status) {
    case 'PACKED':
      return task.packedAt;
    case 'QUEUED':
    case 'PICKING':
      return now;
    case 'CANCELLED':
      return null;
  }
}

/**
 * Whether a task is (or was) finished after its promise. A packed task is judged by when it was
 * packed, so it stays late (or on time) forever; an open task is late once the promise has passed;
 * a cancelled task is never late, because nobody is waiting for it. Exactly on time is not late.
 */
export function isLate(task: SlaFacts, now: Date): boolean {
  const at = judgedAt(task, now);
  return at !== null && at.getTime() > task.promisedReadyAt.getTime();
}

/**
 * Whole minutes past the promise, rounded up, judged like `isLate` (so it is above 0 exactly when
 * the task is late): 10 seconds late is 1 minute late.
 */
export function minutesLate(task: SlaFacts, now: Date): number {
  const at = judgedAt(task, now);
  if (!at) return 0;
  return Math.max(0, Math.ceil((at.getTime() - task.promisedReadyAt.getTime()) / MINUTE));
}

/**
 * For an open task, whole minutes left until the promise, rounded down: 0 in its last minute, negative
 * once late (−1 in its first late minute). Null when the task is packed or cancelled: nothing is due.
 */
export function dueInMinutes(task: SlaFacts, now: Date): number | null {
  if (task.status !== 'QUEUED' && task.status !== 'PICKING') return null;
  return Math.floor((task.promisedReadyAt.getTime() - now.getTime()) / MINUTE);
}
