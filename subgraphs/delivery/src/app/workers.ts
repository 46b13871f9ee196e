import { Loop, type SubgraphDeps } from '@qc/shared';
import { startPackedConsumer } from '../events/fulfillment-packed';
import { startTaskCreatedConsumer } from '../events/fulfillment-task-created';
import { startOrdersConfirmedConsumer } from '../events/orders-confirmed';
import { startOrdersStatusChangedConsumer } from '../events/orders-status-changed';
import { subscribeCourierPositions } from '../events/tracking-position';
import type { Dispatch } from './dispatch';

/**
 * Delivery's background work, started by the server's `startWorkers` (and by tests): the outbox
 * relay, the courier-position projection, the four event consumers, the dispatcher (at once when an
 * event commits, else when the earliest waiting order is due) and the offer sweeper (when the earliest
 * pending offer expires; told of each new offer). With nothing pending both sleep `idleRecheckMs`, a
 * safety net for work another replica left, instead of polling Postgres every second. Returns a function
 * that stops all of it, consumers first so nothing new starts while the loops wind down.
 */
export async function startDispatchWorkers(deps: SubgraphDeps, dispatch: Dispatch): Promise<() => Promise<void>> {
  const { settings, log } = dispatch.deps;
  dispatch.deps.relay.start();
  const positions = subscribeCourierPositions(deps, dispatch.deps.positions);
  const dispatcher = new Loop({ name: 'dispatcher', everyMs: settings.idleRecheckMs, log }, () => dispatch.dispatchDue());
  const sweeper = new Loop({ name: 'offer-sweeper', everyMs: settings.idleRecheckMs, log }, () => dispatch.expireOffers());
  dispatch.wake = () => dispatcher.kick();
  dispatch.offered = () => sweeper.kick();
  const consumers = await Promise.all([
    startOrdersConfirmedConsumer(deps, dispatch),
    startTaskCreatedConsumer(deps, dispatch),
    startPackedConsumer(deps, dispatch),
    startOrdersStatusChangedConsumer(deps, dispatch),
  ]);
  dispatcher.start();
  sweeper.start();
  return async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await positions.stop();
    dispatch.wake = () => undefined;
    dispatch.offered = () => undefined;
    await Promise.all([dispatcher.stop(), sweeper.stop()]);
    await dispatch.deps.relay.stop();
  };
}
