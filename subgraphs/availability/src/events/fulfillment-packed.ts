import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { ReservationService } from '../app';
import { afterCommit, RETRY_DELAY_MS } from './after-commit';

/** Durable consumer name: one per deployment, shared by every availability replica. */
export const FULFILLMENT_PACKED_CONSUMER = 'availability-fulfillment-packed';

/**
 * `fulfillment.packed` → the reserved stock leaves the shelf: for what is in the bag `on_hand` and
 * `reserved` both drop, whatever was held but not packed (missing items) is released, and the
 * reservation is CONSUMED. A bag with no items (a task fulfillment knew no lines of) releases everything.
 */
export const startFulfillmentPacked = (deps: SubgraphDeps, reservations: ReservationService): Promise<RunningConsumer> =>
  startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: FULFILLMENT_PACKED_CONSUMER,
    subject: SUBJECTS.fulfillmentPacked,
    retryDelayMs: RETRY_DELAY_MS,
    handle: async (event, trx) => {
      const lines = await reservations.consumeInTransaction(trx, event.data, FULFILLMENT_PACKED_CONSUMER);
      afterCommit(trx, reservations, lines);
    },
  });
