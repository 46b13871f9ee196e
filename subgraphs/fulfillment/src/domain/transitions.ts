import type { PickTaskStatus } from '../data/types';

/** What can happen to a pick task; staff do the first three, a cancelled order does the last. */
export type PickTaskAction = 'startPicking' | 'markItemMissing' | 'markPacked' | 'cancel';

/**
 * The pick task's state machine, as one table: from which statuses an action is allowed, and the
 * status it leads to. QUEUED → PICKING → PACKED; QUEUED or PICKING → CANCELLED. Missing items are
 * reported while picking and do not move the task. PACKED and CANCELLED are final.
 */
export const TRANSITIONS: Readonly<Record<PickTaskAction, { from: readonly PickTaskStatus[]; to: PickTaskStatus }>> = {
  startPicking: { from: ['QUEUED'], to: 'PICKING' },
  markItemMissing: { from: ['PICKING'], to: 'PICKING' },
  markPacked: { from: ['PICKING'], to: 'PACKED' },
  cancel: { from: ['QUEUED', 'PICKING'], to: 'CANCELLED' },
};

/** The outcome of asking for a transition: the new status, or why not, in words for staff. */
export type TransitionOutcome = { ok: true; to: PickTaskStatus } | { ok: false; reason: string };

const WHY_NOT: Record<PickTaskStatus, string> = {
  QUEUED: 'it is still QUEUED: start picking first',
  PICKING: 'it is already PICKING',
  PACKED: 'it is already PACKED',
  CANCELLED: 'the order was CANCELLED',
};

const DOING: Record<PickTaskAction, string> = {
  startPicking: 'start picking',
  markItemMissing: 'report a missing item for',
  markPacked: 'pack',
  cancel: 'cancel',
};

/** Whether `action` may happen to a task in `from`, and where it leads. */
export function transition(action: PickTaskAction, from: PickTaskStatus): TransitionOutcome {
  const rule = TRANSITIONS[action];
  if (rule.from.includes(from)) return { ok: true, to: rule.to };
  return { ok: false, reason: `Cannot ${DOING[action]} this pick task: ${WHY_NOT[from]}.` };
}
