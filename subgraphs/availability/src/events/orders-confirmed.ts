import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { ReservationService } from '../app';
import { GATHER_MS, RETRY_DELAY_MS } from './after-commit';

/** Durable consumer name: one per deployment, shared by every availability replica. */
export const ORDERS_CONFIRMED_CONSUMER = 'availability-orders-confirmed';

/**
 * `orders.confirmed` → the order's reservation stops expiring: the durable twin of orders' synchronous
 * `confirmReservation`, so a confirmation whose call was lost still lands before the sweeper acts.
 *
 * `idempotent`: no transaction and no processed-events row per event (one statement instead of four,
 * once per placed order). What the ledger would prevent, a confirmation applied twice, changes nothing:
 * only an ACTIVE reservation becomes CONFIRMED, and none ever becomes ACTIVE again. Confirmations that
 * arrive together are applied in one statement.
 */
export const startOrdersConfirmed = (deps: SubgraphDeps, reservations: ReservationService): Promise<RunningConsumer> =>
  startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_CONFIRMED_CONSUMER,
    subject: SUBJECTS.ordersConfirmed,
    retryDelayMs: RETRY_DELAY_MS,
    gatherMs: GATHER_MS,
    idempotent: true,
    handleAll: async (events) => {
      await reservations.confirmMany(events.map((event) => event.data.orderId));
    },
  });
