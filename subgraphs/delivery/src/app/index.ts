import { OutboxRelay, ServiceClient, type SubgraphDeps } from '@qc/shared';
import { AvailabilityStoreLocator, type StoreLocator } from '../data/clients/stores';
import type { DispatchSettings } from '../config';
import { CourierPositionStore } from '../data';
import { Dispatch } from './dispatch';

export { Dispatch, type DispatchDeps, type DispatchOutcome } from './dispatch';
export { startDispatchWorkers } from './workers';

/**
 * Wires dispatch for one process: the outbox relay, delivery's courier-position projection in Redis,
 * and store locations from availability through a signed client (as the `delivery` service identity).
 * A test may pass its own store locator.
 */
export function createDispatch(deps: SubgraphDeps, hmacSecret: string, settings: DispatchSettings, stores?: StoreLocator): Dispatch {
  return new Dispatch({
    db: deps.db,
    log: deps.log.child({ component: 'dispatch' }),
    relay: new OutboxRelay(deps.db, deps.events, deps.log.child({ component: 'outbox' })),
    positions: new CourierPositionStore(deps.redis, deps.namespace),
    stores:
      stores ??
      new AvailabilityStoreLocator(new ServiceClient(settings.availabilityUrl, hmacSecret, 'delivery', settings.serviceTimeoutMs), settings.storeCacheTtlMs),
    settings,
  });
}
