import type { PickTaskRecord } from '../data';

/** What lateness depends on; a narrow shape so callers (and tests) need not build a whole record. */
export type SlaFacts = Pick<PickTaskRecord, 'status' | 'promisedReadyAt' | 'packedAt'>;

/**
 * Whether a task is (or was) finished after its promise. A packed task is judged by when it was
 * packed, so it stays late (or on time) forever; an open task is late once the promise has passed;
 * a cancelled task is never late, because nobody is waiting for it. Exactly on time is not late.
 */
export function isLate(task: SlaFacts, now: Date): boolean {
  const promised = task.promisedReadyAt.getTime();
  switch (task.status) {
    case 'PACKED':
      // The table requires packed_at for PACKED; without it there is nothing to judge by.
      return task.packedAt !== null && task.packedAt.getTime() > promised;
    case 'QUEUED':
    case 'PICKING':
      return now.getTime() > promised;
    case 'CANCELLED':
      return false;
  }
}
