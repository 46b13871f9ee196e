import { appError, ErrorCode } from '@qc/shared';

/** Every state an order can be in, in the order of the happy path first (see /work/shared/domain.md). */
export const ORDER_STATUSES = [
  'PENDING',
  'CONFIRMED',
  'ASSIGNED_TO_STORE',
  'PICKING',
  'PACKED',
  'ASSIGNED_TO_COURIER',
  'PICKED_UP',
  'IN_TRANSIT',
  'DELIVERED',
  'PAYMENT_FAILED',
  'REJECTED',
  'CANCELLED',
  'REFUNDED',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * The order state machine: for each status, the statuses it may move to next. Typed as a `Record`
 * over every status so adding a status without deciding its exits fails to compile.
 * Cancelling is possible until the order is delivered; who may cancel when is an access rule
 * (`domain/cancel.ts`: the customer until picking starts, an admin after that).
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['CONFIRMED', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED'],
  CONFIRMED: ['ASSIGNED_TO_STORE', 'CANCELLED'],
  ASSIGNED_TO_STORE: ['PICKING', 'CANCELLED'],
  PICKING: ['PACKED', 'CANCELLED'],
  PACKED: ['ASSIGNED_TO_COURIER', 'CANCELLED'],
  ASSIGNED_TO_COURIER: ['PICKED_UP', 'CANCELLED'],
  PICKED_UP: ['IN_TRANSIT', 'CANCELLED'],
  IN_TRANSIT: ['DELIVERED', 'CANCELLED'],
  DELIVERED: [],
  PAYMENT_FAILED: [],
  REJECTED: [],
  CANCELLED: ['REFUNDED'],
  REFUNDED: [],
};

export const isOrderStatus = (value: unknown): value is OrderStatus =>
  typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);

/** Whether an order in status `from` may move to `to`. A status never transitions to itself. */
export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => ORDER_TRANSITIONS[from].includes(to);

/** Whether an order in this status can never change again. */
export const isTerminal = (status: OrderStatus): boolean => ORDER_TRANSITIONS[status].length === 0;

/** Throws INVALID_STATE (with both statuses in the extensions) unless `from → to` is allowed. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw appError(ErrorCode.INVALID_STATE, `An order cannot go from ${from} to ${to}`, { from, to });
  }
}
