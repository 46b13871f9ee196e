import { notFound, type Knex, type OutboxEvent } from '@qc/shared';
import { assertTransition, type OrderStatus } from '../domain/order-status';
import { statusChanged } from '../events/publish';
import { OrderRepository } from './orders';
import { recordPlacement, type Placement } from './placements';
import type { OrderRecord, StatusChangeRecord } from './types';

export interface TransitionOptions {
  /** Checked against the locked, current order before the move (e.g. who may cancel in this status). Throw to refuse. */
  guard?: (order: OrderRecord) => void;
  at?: Date;
  /** The order as the caller already locked it in this transaction: not read and locked a second time. */
  locked?: OrderRecord;
}

/**
 * The one way an order's status changes (orders is the single writer): locks the order's row, checks
 * the move against the state machine (INVALID_STATE otherwise, and nothing is written), updates the
 * status, appends the history entry and enqueues `orders.status_changed`, all in the caller's
 * transaction. Unknown order → NOT_FOUND.
 */
export async function transition(
  trx: Knex,
  orderId: string,
  to: OrderStatus,
  actor: string,
  reason: string | null,
  opts: TransitionOptions = {},
): Promise<{ order: OrderRecord; change: StatusChangeRecord }> {
  const orders = new OrderRepository(trx);
  const current = opts.locked ?? (await orders.lockById(orderId));
  if (!current) throw notFound('Order', orderId);
  opts.guard?.(current);
  assertTransition(current.status, to);
  // Never before the previous change, so history read by time stays in causal order.
  const at = new Date(Math.max((opts.at ?? new Date()).getTime(), current.updatedAt.getTime()));
  const change: StatusChangeRecord = { from: current.status, to, actor, reason, at };
  // The move, its history entry and `orders.status_changed` go in one statement.
  await orders.moveStatus(orderId, change, [
    statusChanged({ orderId, customerId: current.customerId, storeId: current.storeId, from: current.status, to, actor, reason, at: at.toISOString() }),
  ]);
  return { order: { ...current, status: to, updatedAt: at }, change };
}

/**
 * A new order written straight into the status its placement decided (CONFIRMED, PAYMENT_FAILED or
 * REJECTED): what `create` in PENDING then `transition` would leave — the row in `to`, the history
 * PENDING then the move, `orders.status_changed` PENDING → `to` — with its payment (when one was
 * asked) and the outcome kept with its idempotency key, committed on its own (`db` is no transaction).
 * The move is checked against the state machine like every other. The rows and the events go in one
 * statement (`recordPlacement`): one round trip, no BEGIN or COMMIT of their own. `alsoEnqueue` names the transaction's other events
 * (they see the change); they go out after the status change. Returns the order as written; null, and
 * nothing written, when the key is no longer this placement's to finish (someone who took it over
 * finished first): the caller replays their outcome.
 */
export async function createInStatus(
  db: Knex,
  placement: Placement,
  to: OrderStatus,
  actor: string,
  reason: string | null,
  alsoEnqueue: (change: StatusChangeRecord) => OutboxEvent[] = () => [],
): Promise<OrderRecord | null> {
  const { order } = placement;
  assertTransition(order.status, to);
  // Never before the previous change, so history read by time stays in causal order.
  const at = new Date(Math.max(Date.now(), order.updatedAt.getTime()));
  const change: StatusChangeRecord = { from: order.status, to, actor, reason, at };
  const written = { ...order, status: to, updatedAt: at, history: [...order.history, change] };
  const events = [statusChanged({ orderId: order.id, customerId: order.customerId, storeId: order.storeId, from: order.status, to, actor, reason, at: at.toISOString() }), ...alsoEnqueue(change)];
  if (!(await recordPlacement(db, { ...placement, order: written }, events))) return null;
  const { items: _items, history: _history, ...record } = written;
  return record;
}
