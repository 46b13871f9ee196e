import { Loop, OutboxRelay, ServiceClient, workers, type SubgraphApp, type SubgraphDeps } from '@qc/shared';
import type { Settings } from '../config';
import { CourierPositionStore } from '../data';
import { AvailabilityStoreLocator } from '../data/clients/stores';
import { Dispatch } from './dispatch';
import { startWorkers } from './workers';

export { Dispatch, type CourierOutcome, type CourierRefusalKind, type DispatchDeps, type DispatchOutcome } from './dispatch';

/** Delivery's use cases; every request and every worker of the process shares them. */
export interface UseCases {
  /** Offers, the courier's steps, and finding the best courier for each order. */
  dispatch: Dispatch;
}

export type App = SubgraphApp<UseCases>;

/**
 * Delivery's runtime for one process: the outbox relay, the courier-position projection in Redis,
 * store locations from availability through a signed client (as the `delivery` service identity),
 * and the dispatcher and offer-sweeper loops, which the workers start and the use cases may wake.
 */
export function createApp(deps: SubgraphDeps, settings: Settings): App {
  const log = deps.log.child({ component: 'dispatch' });
  const relay = new OutboxRelay(deps.db, deps.events, deps.log.child({ component: 'outbox' }));
  const positions = new CourierPositionStore(deps.redis, deps.namespace);
  const dispatcher = new Loop({ name: 'dispatcher', everyMs: settings.idleRecheckMs, kickSpacingMs: settings.dispatchKickSpacingMs, log }, () => dispatch.dispatchDue());
  const sweeper = new Loop({ name: 'offer-sweeper', everyMs: settings.idleRecheckMs, log }, () => dispatch.expireOffers());
  // Paced, not kicked per report: one statement a second at most, however many couriers report.
  const courierWake = new Loop({ name: 'courier-wake', everyMs: settings.dispatchIntervalMs, log }, () => dispatch.wakeAwaiting());
  const dispatch = new Dispatch({
    db: deps.db,
    log,
    relay,
    positions,
    stores:
      settings.stores ??
      new AvailabilityStoreLocator(new ServiceClient(settings.availabilityUrl, settings.hmacSecret, 'delivery', settings.serviceTimeoutMs), settings.storeCacheTtlMs),
    settings,
    // A kick to a loop that is not running is remembered for its first run, or dropped with it.
    wake: () => dispatcher.kick(),
    offered: () => sweeper.kick(),
    metrics: deps.events.metrics,
  });
  const useCases: UseCases = { dispatch };
  const background = workers(() => startWorkers(deps, useCases, { relay, positions, loops: [dispatcher, sweeper, courierWake] }));
  return { useCases, workers: background, stop: () => background.stop() };
}
