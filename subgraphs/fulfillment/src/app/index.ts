import { OutboxRelay, type SubgraphDeps } from '@qc/shared';
import { Picking } from './picking';

export { Picking, type CancellationOutcome, type PickingDeps } from './picking';

/** Wires the picking use cases for one process, with the outbox relay that `startWorkers` runs. */
export function createPicking(deps: SubgraphDeps): Picking {
  return new Picking({
    db: deps.db,
    log: deps.log.child({ component: 'picking' }),
    relay: new OutboxRelay(deps.db, deps.events, deps.log.child({ component: 'outbox' })),
  });
}
