import { enqueueEvents, notFound, type Knex, type OutboxEvent } from '@qc/shared';
import { assertTransition, type OrderStatus } from '../domain/order-status';
import { enqueueStatusChanged, statusChanged } from '../events/publish';
import { OrderHistoryRepository } from './order-history';
import { OrderRepository } from './orders';
import type { NewOrderRecord, OrderRecord, StatusChangeRecord } from './types';

export interface TransitionOptions {
  /** Checked against the locked, current order before the move (e.g. who may cancel in this status). Throw to refuse. */
  guard?: (order: OrderRecord) => void;
  at?: Date;
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
  const current = await orders.lockById(orderId);
  if (!current) throw notFound('Order', orderId);
  opts.guard?.(current);
  assertTransition(current.status, to);
  // Never before the previous change, so history read by time stays in causal order.
  const at = new Date(Math.max((opts.at ?? new Date()).getTime(), current.updatedAt.getTime()));
  await orders.updateStatus(orderId, to, at);
  const change: StatusChangeRecord = { from: current.status, to, actor, reason, at };
  await new OrderHistoryRepository(trx).insertMany([{ ...change, orderId }]);
  await enqueueStatusChanged(trx, {
    orderId,
    customerId: current.customerId,
    storeId: current.storeId,
    from: current.status,
    to,
    actor,
    reason,
    at: at.toISOString(),
  });
  return { order: { ...current, status: to, updatedAt: at }, change };
}

/**
 * A new order written straight into the status its placement decided (CONFIRMED, PAYMENT_FAILED or
 * REJECTED): what `create` in PENDING then `transition` would leave — the row in `to`, the history
 * PENDING then the move, `orders.status_changed` PENDING → `to` — in the caller's transaction, without
 * reading back and re-locking the row it has just inserted. The move is checked against the state
 * machine like every other. `alsoEnqueue` names the transaction's other events (they see the change),
 * which go out after the status change, in one outbox INSERT with it.
 */
export async function createInStatus(
  trx: Knex,
  order: NewOrderRecord,
  to: OrderStatus,
  actor: string,
  reason: string | null,
  alsoEnqueue: (change: StatusChangeRecord) => OutboxEvent[] = () => [],
): Promise<StatusChangeRecord> {
  assertTransition(order.status, to);
  // Never before the previous change, so history read by time stays in causal order.
  const at = new Date(Math.max(Date.now(), order.updatedAt.getTime()));
  const change: StatusChangeRecord = { from: order.status, to, actor, reason, at };
  await new OrderRepository(trx).create({ ...order, status: to, updatedAt: at, history: [...order.history, change] });
  await enqueueEvents(trx, [
    statusChanged({ orderId: order.id, customerId: order.customerId, storeId: order.storeId, from: order.status, to, actor, reason, at: at.toISOString() }),
    ...alsoEnqueue(change),
  ]);
  return change;
}
