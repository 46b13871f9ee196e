import { OutboxRelay, type SubgraphDeps } from '@qc/shared';
import { createRepositories } from './data';
import { startStockCacheInvalidation } from './events/stock-cache-invalidation';
import { createServices, type Services } from './services';

export interface WorkerOptions {
  /** How often the `stores` table's signature is compared with the index's (catches writers without Redis, like the seed). */
  reconcileMs?: number;
}

/**
 * Background work of an availability process: rebuild the location index from Postgres and empty the
 * stock cache (whatever happened while no process ran is not trusted), relay the outbox to JetStream,
 * drop cached stock on `inventory.changed`, and rebuild the index whenever the `stores` table changes
 * behind its back. Returns a function that stops it all.
 */
export async function startWorkers(deps: SubgraphDeps, services: Services = createServices(deps), opts: WorkerOptions = {}): Promise<() => Promise<void>> {
  const repos = createRepositories(deps.db);
  const rebuild = async () => {
    const snapshot = await repos.stores.snapshot();
    await services.storeIndex.rebuild(snapshot);
    deps.log.info({ stores: snapshot.stores.length, signature: snapshot.signature }, 'store location index rebuilt');
  };
  await rebuild();
  await services.stockCache.flush();

  const relay = new OutboxRelay(deps.db, deps.events, deps.log);
  relay.start();
  const consumer = await startStockCacheInvalidation(deps, services.stockCache);

  let stopped = false;
  let wake: (() => void) | undefined;
  const reconcile = (async () => {
    while (!stopped) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, opts.reconcileMs ?? 5000).unref();
      });
      if (stopped) break;
      try {
        if ((await repos.stores.signature()) !== (await services.storeIndex.sourceSignature())) await rebuild();
      } catch (error) {
        deps.log.warn({ err: error }, 'store index reconciliation failed; will retry');
      }
    }
  })();

  return async () => {
    stopped = true;
    wake?.();
    await reconcile;
    await consumer.stop();
    await relay.stop();
  };
}
