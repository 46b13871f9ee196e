import { canTransition, ORDER_STATUSES, type OrderStatus } from './order-status';

/** The happy path of an order, in order: the only statuses events from fulfillment and delivery move it along. */
export const HAPPY_PATH = [
  'PENDING',
  'CONFIRMED',
  'ASSIGNED_TO_STORE',
  'PICKING',
  'PACKED',
  'ASSIGNED_TO_COURIER',
  'PICKED_UP',
  'IN_TRANSIT',
  'DELIVERED',
] as const satisfies readonly OrderStatus[];

export type HappyPathStatus = (typeof HAPPY_PATH)[number];

/** Position on the happy path; -1 for statuses off it (PAYMENT_FAILED, REJECTED, CANCELLED, REFUNDED). */
export const happyPathIndex = (status: OrderStatus): number => (HAPPY_PATH as readonly OrderStatus[]).indexOf(status);

/**
 * Where an order in `current` stands relative to `target` on the happy path: `at` it, `ahead` (past
 * it), `behind` it, or `off_path` when the order left the happy path (cancelled, refunded, failed).
 * A target off the happy path is a programming error.
 */
export type Progress = 'at' | 'ahead' | 'behind' | 'off_path';

export function progressTo(current: OrderStatus, target: OrderStatus): Progress {
  const to = happyPathIndex(target);
  if (to < 0) throw new Error(`${target} is not on the happy path`);
  const from = happyPathIndex(current);
  if (from < 0) return 'off_path';
  if (from === to) return 'at';
  return from > to ? 'ahead' : 'behind';
}

/**
 * What an event that moves an order toward `target` does when the order is in `current`:
 * `apply` the transition now; `noop` when the order is already at or past it (a duplicate or a late
 * event); `defer` when the order is behind by more than one step (an event arrived out of order: keep
 * it until the steps before it happened); `ignore` when the order left the happy path.
 */
export type EventDecision = 'apply' | 'noop' | 'defer' | 'ignore';

export function decideEvent(current: OrderStatus, target: OrderStatus): EventDecision {
  switch (progressTo(current, target)) {
    case 'at':
    case 'ahead':
      return 'noop';
    case 'off_path':
      return 'ignore';
    case 'behind':
      return canTransition(current, target) ? 'apply' : 'defer';
  }
}

const applyFrom = new Map<OrderStatus, readonly OrderStatus[]>();

/** The statuses an event toward `target` moves the order from at once (`decideEvent` says `apply`). */
export function appliesFrom(target: OrderStatus): readonly OrderStatus[] {
  let from = applyFrom.get(target);
  if (!from) applyFrom.set(target, (from = ORDER_STATUSES.filter((status) => decideEvent(status, target) === 'apply')));
  return from;
}
