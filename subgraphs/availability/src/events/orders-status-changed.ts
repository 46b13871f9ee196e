import { SUBJECTS, startTokenConsumers, type EventEnvelope, type EventPayload, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { MAX_REASON_LENGTH } from '../domain/reservation';
import type { ReservationService } from '../app';
import { afterCommit, RETRY_DELAY_MS } from './after-commit';

/** Durable consumer name: one per deployment, shared by every availability replica. */
export const ORDERS_STATUS_CHANGED_CONSUMER = 'availability-orders-status-changed';

/** Order statuses after which nothing will ever be packed, so the stock held for the order goes back. */
export const RELEASING_STATUSES: ReadonlySet<string> = new Set(['PAYMENT_FAILED', 'REJECTED', 'CANCELLED']);

/**
 * Every other transition is never delivered to the durables of the releasing statuses (one each); a durable from before
 * status tokens acks them without a transaction or a processed-events row: the handler would change nothing (the chaos
 * audit counts them with this).
 */
export const ignoresStatusChange = (event: EventEnvelope<EventPayload<typeof SUBJECTS.ordersStatusChanged>>): boolean => !RELEASING_STATUSES.has(event.data.to);

/**
 * `orders.status_changed` to PAYMENT_FAILED, REJECTED or CANCELLED → the order's reservation is released
 * (the durable twin of orders' `releaseReservation` call). Other transitions are not delivered (see `startTokenConsumers`).
 */
export const startOrdersStatusChanged = (deps: SubgraphDeps, reservations: ReservationService): Promise<RunningConsumer> =>
  startTokenConsumers({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_STATUS_CHANGED_CONSUMER,
    subject: SUBJECTS.ordersStatusChanged,
    retryDelayMs: RETRY_DELAY_MS,
    tokens: [...RELEASING_STATUSES],
    ignores: ignoresStatusChange,
    handle: async (event, trx) => {
      const change = event.data;
      const reason = `order ${change.to}${change.reason ? `: ${change.reason}` : ''}`.slice(0, MAX_REASON_LENGTH);
      const lines = await reservations.releaseInTransaction(trx, change.orderId, reason, change.actor || ORDERS_STATUS_CHANGED_CONSUMER);
      afterCommit(trx, reservations, lines);
    },
  });
