import { Loop, type OutboxRelay, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { Settings } from '../config';
import { createRepositories, type StockCache, type StoreIndex } from '../data';
import { startFulfillmentPacked } from '../events/fulfillment-packed';
import { startFulfillmentStoreLoad } from '../events/fulfillment-store-load';
import { startOrdersConfirmed } from '../events/orders-confirmed';
import { startOrdersStatusChanged } from '../events/orders-status-changed';
import { startStockCacheInvalidation } from '../events/stock-cache-invalidation';
import { SWEEP_BATCH, type UseCases } from './';

/** What the workers share with the requests: the use cases, the index and cache, the relay. */
export interface WorkerParts extends UseCases {
  storeIndex: StoreIndex;
  stockCache: StockCache;
  relay: OutboxRelay;
}

/**
 * Background work of an availability process: rebuild the location index from Postgres and empty the
 * stock cache (whatever happened while no process ran is not trusted), relay the outbox to JetStream,
 * drop cached stock on `inventory.changed`, rebuild the index whenever the `stores` table changes
 * behind its back, release expired reservations, follow orders and fulfillment (confirm, release,
 * consume at packing, store load), and empty the stock cache whenever Redis comes back after a
 * disconnect. Returns a function that stops it all.
 */
export async function startWorkers(deps: SubgraphDeps, services: WorkerParts, settings: Settings): Promise<() => Promise<void>> {
  const repos = createRepositories(deps.db);
  const rebuild = async () => {
    const snapshot = await services.storeIndex.rebuildFrom(() => repos.stores.snapshot());
    deps.log.info({ stores: snapshot.stores.length, signature: snapshot.signature }, 'store location index rebuilt');
  };
  await rebuild();
  await services.stockCache.flush();

  const relay = services.relay;
  relay.start();
  const consumers: RunningConsumer[] = [
    await startStockCacheInvalidation(deps, services.stockCache),
    await startOrdersConfirmed(deps, services.reservations),
    await startOrdersStatusChanged(deps, services.reservations),
    await startFulfillmentPacked(deps, services.reservations),
    await startFulfillmentStoreLoad(deps),
  ];

  const reconcile = new Loop({ name: 'store-index-reconcile', everyMs: settings.reconcileMs, log: deps.log, runAtStart: false }, async () => {
    if ((await repos.stores.signature()) !== (await services.storeIndex.sourceSignature())) await rebuild();
  });
  const sweeper = new Loop({ name: 'reservation-sweeper', everyMs: settings.sweepMs, log: deps.log, runAtStart: false }, async () => {
    const released = await services.reservations.sweepExpired(SWEEP_BATCH);
    if (released > 0) deps.log.info({ released }, 'expired reservations released');
    // A full batch means more are waiting: the loop goes again at once.
    return released === SWEEP_BATCH;
  });
  reconcile.start();
  sweeper.start();

  // A reconnect means Redis was out of reach for a while: stock changes made meanwhile could not drop
  // their cache entries (a Redis that kept its data would serve the old numbers), so the cache starts over.
  const onReconnect = () => {
    services.stockCache.flush().then(
      (removed) => deps.log.info({ removed }, 'Redis is back; stock cache emptied'),
      (error: unknown) => deps.log.warn({ err: error }, 'stock cache could not be emptied after a reconnect'),
    );
  };
  deps.redis.on('ready', onReconnect);

  return async () => {
    deps.redis.off('ready', onReconnect);
    await Promise.all([reconcile.stop(), sweeper.stop()]);
    for (const consumer of consumers) await consumer.stop();
    await relay.stop();
  };
}
