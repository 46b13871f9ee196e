import { OutboxRelay, workers, type SubgraphApp, type SubgraphDeps } from '@qc/shared';
import type { Settings } from '../config';
import { Picking } from './picking';
import { startWorkers } from './workers';

export { Picking, type CancellationOutcome, type PickingDeps, type PickTaskOutcome, type PickTaskRefusalKind } from './picking';

/** Fulfillment's use cases; every request and every worker of the process shares them. */
export interface UseCases {
  /** Staff transitions of pick tasks, and what order events do to them. */
  picking: Picking;
}

export type App = SubgraphApp<UseCases>;

/** Fulfillment's runtime for one process: the picking use cases and the outbox relay they kick, which the workers run. */
export function createApp(deps: SubgraphDeps, settings: Settings): App {
  const relay = new OutboxRelay(deps.db, deps.events, deps.log.child({ component: 'outbox' }));
  const useCases: UseCases = { picking: new Picking({ db: deps.db, log: deps.log.child({ component: 'picking' }), relay }) };
  const background = workers(() => startWorkers(deps, useCases, relay, settings));
  return { useCases, workers: background, stop: () => background.stop() };
}
