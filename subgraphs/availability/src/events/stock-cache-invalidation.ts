import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { StockCache } from '../data';

/** Durable consumer name: one per deployment, shared by every availability replica. */
export const STOCK_CACHE_CONSUMER = 'availability-stock-cache';

/**
 * Drops the cached free units of every stock line an `inventory.changed` event names. The writing
 * process already did so after its commit; this catches the changes whose writer died between commit
 * and invalidation (the event still leaves through the outbox) and any writer that does not invalidate
 * itself. The cache lives in Redis, shared by all replicas, so one delivery per event is enough.
 *
 * `idempotent`: no transaction and no processed-events row per event. Deleting a cache entry again
 * changes nothing, and the handler writes nothing to Postgres, so the ledger had nothing to protect.
 * Never stale: the event reaches the stream only through the outbox relay, i.e. after the transaction
 * that changed the stock committed, so the delete always follows the commit; the event is acked only
 * once the delete resolved (a failed delete is retried, a Redis outage held).
 */
export function startStockCacheInvalidation(deps: SubgraphDeps, cache: StockCache): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: STOCK_CACHE_CONSUMER,
    subject: SUBJECTS.inventoryChanged,
    retryDelayMs: 200,
    idempotent: true,
    // A reservation's lines arrive together (one event per line, one pack): one Redis call drops them all.
    handleAll: async (events) => {
      await cache.invalidate(events.map((event) => ({ storeId: event.data.storeId, productId: event.data.productId })));
    },
  });
}
