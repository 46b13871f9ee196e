import type { Knex, Logger } from '@qc/shared';
import { createRepositories, transition } from '../data';
import { appliesFrom, decideEvent, happyPathIndex } from '../domain/order-progress';
import type { OrderStatus } from '../domain/order-status';
import { itemMissingRefundId, missingItemRefund } from '../domain/refunds';

/** What an event from fulfillment or delivery asks of an order's status. */
export interface ProgressEvent {
  orderId: string;
  /** The publishing service ('fulfillment', 'delivery'): recorded as the transition's actor. */
  actor: string;
  eventId: string;
  /** The event's subject, recorded as the transition's reason. */
  subject: string;
}

/**
 * Moves an order along the happy path to each target in turn, in the caller's (the consumer's)
 * transaction. Per target (`decideEvent`): already at or past it → nothing; the next step → the
 * transition; further ahead → kept in `deferred_transitions`; cancelled / refunded / failed → ignored
 * (logged). After every transition, deferred targets that became allowed are applied in happy-path order.
 */
export async function advanceOrder(trx: Knex, log: Logger, event: ProgressEvent, targets: readonly OrderStatus[]): Promise<void> {
  const repos = createRepositories(trx);
  for (const target of targets) {
    // The usual case, the next step of an order with nothing deferred, is moved in the same statement
    // that locks the order (one round trip); otherwise the order as locked decides, as below.
    const locked = await repos.orders.advance(event.orderId, target, appliesFrom(target), event.actor, event.subject);
    if (!locked) {
      log.warn({ orderId: event.orderId, eventId: event.eventId, subject: event.subject }, 'status event for an unknown order ignored');
      return;
    }
    if (locked.moved) continue;
    const { order, hasDeferred } = locked;
    const decision = decideEvent(order.status, target);
    if (decision === 'ignore') {
      log.info({ orderId: order.id, status: order.status, target, eventId: event.eventId, subject: event.subject }, 'status event for an order off the happy path ignored');
      return;
    }
    if (decision === 'defer') {
      await repos.deferredTransitions.insert({ orderId: order.id, targetStatus: target, actor: event.actor, eventId: event.eventId });
      log.info({ orderId: order.id, status: order.status, target, eventId: event.eventId }, 'status event ahead of the order deferred');
      continue;
    }
    if (decision === 'apply') {
      await transition(trx, order.id, target, event.actor, event.subject, { locked: order });
      // Most orders never have one waiting: then there is nothing to look for.
      if (hasDeferred) await applyDeferred(trx, log, order.id);
    }
  }
}

/**
 * A courier accepted the order (`delivery.assigned`): it records them, so they may follow the order
 * they carry, and moves the order to ASSIGNED_TO_COURIER (`advanceOrder`). The latest assignment wins:
 * after a failed delivery the next courier replaces the first.
 */
export async function assignCourier(trx: Knex, log: Logger, event: ProgressEvent & { courierId: string }): Promise<void> {
  const repos = createRepositories(trx);
  if (await repos.orders.lockById(event.orderId)) await repos.orders.setCourier(event.orderId, event.courierId);
  await advanceOrder(trx, log, event, ['ASSIGNED_TO_COURIER']);
}

/**
 * Applies the order's deferred targets that the state machine now allows, earliest on the happy path
 * first, until none is; drops those the order has reached or that it can no longer reach.
 */
export async function applyDeferred(trx: Knex, log: Logger, orderId: string): Promise<void> {
  const repos = createRepositories(trx);
  for (;;) {
    const deferred = (await repos.deferredTransitions.findByOrderId(orderId)).sort((a, b) => happyPathIndex(a.targetStatus) - happyPathIndex(b.targetStatus));
    if (deferred.length === 0) return;
    const order = await repos.orders.lockById(orderId);
    if (!order) return;
    let moved = false;
    for (const d of deferred) {
      const decision = decideEvent(order.status, d.targetStatus);
      if (decision === 'defer') continue;
      await repos.deferredTransitions.delete(d.id);
      if (decision === 'apply') {
        await transition(trx, orderId, d.targetStatus, d.actor, `deferred event ${d.eventId}`, { locked: order });
        log.info({ orderId, target: d.targetStatus, eventId: d.eventId }, 'deferred status event applied');
        moved = true;
        break; // the order changed: decide the rest again
      }
    }
    if (!moved) return;
  }
}

/** `fulfillment.item_missing`, as orders reads it. */
export interface ItemMissing {
  orderId: string;
  productId: string;
  quantity: number;
  actor: string;
  eventId: string;
}

/**
 * Records the refund of a missing item in the caller's (the consumer's) transaction, under the order's
 * row lock: quantity × unit price, capped at what is left of the authorization after the refunds already
 * in the ledger (`missingItemRefund`), as an OWED ledger entry keyed by the event plus its
 * `partial_refunds` row. The status does not change. Returns the ledger entry's id for the caller to
 * settle once the transaction committed (`settleRefund`); null when no money moves (nothing was charged,
 * nothing is left, or the event is ignored). A cancelled / refunded / failed order is ignored: the
 * cancellation gives back whatever the ledger has not.
 */
export async function refundMissingItem(trx: Knex, log: Logger, event: ItemMissing): Promise<string | null> {
  const repos = createRepositories(trx);
  const order = await repos.orders.lockById(event.orderId);
  if (!order) {
    log.warn({ orderId: event.orderId, eventId: event.eventId }, 'item_missing for an unknown order ignored');
    return null;
  }
  if (happyPathIndex(order.status) < 0 || order.status === 'DELIVERED') {
    log.info({ orderId: order.id, status: order.status, eventId: event.eventId }, 'item_missing for a finished order ignored');
    return null;
  }
  const line = (await repos.orderItems.findByOrderIds([order.id])).find((l) => l.productId === event.productId);
  if (!line || event.quantity <= 0) {
    log.warn({ orderId: order.id, productId: event.productId, eventId: event.eventId }, 'item_missing for a product not in the order ignored');
    return null;
  }
  const payment = await repos.payments.findByOrderId(order.id);
  const base = { eventId: event.eventId, orderId: order.id, productId: line.productId, currency: line.currency, actor: event.actor };
  if (payment?.status !== 'AUTHORIZED') {
    const quantity = Math.min(event.quantity, line.quantity);
    await repos.partialRefunds.insert({ ...base, quantity, amountCents: quantity * line.unitPriceCents, status: 'NOT_CHARGED', refundId: null });
    return null;
  }
  const ledger = await repos.refunds.findByOrderId(order.id);
  const { quantity, amountCents } = missingItemRefund({ missingQuantity: event.quantity, line, authorizedCents: payment.amountCents, ledger });
  if (amountCents === 0) {
    // Earlier refunds already gave everything back: the item is recorded, no money moves.
    await repos.partialRefunds.insert({ ...base, quantity, amountCents: 0, status: 'REFUNDED', refundId: null });
    return null;
  }
  const refundId = itemMissingRefundId(event.eventId);
  await repos.refunds.insertOwed({ id: refundId, orderId: order.id, kind: 'ITEM_MISSING', amountCents, currency: payment.currency });
  await repos.partialRefunds.insert({ ...base, quantity, amountCents, status: 'OWED', refundId });
  return refundId;
}
