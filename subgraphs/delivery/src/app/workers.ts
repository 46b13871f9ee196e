import type { Loop, OutboxRelay, SubgraphDeps } from '@qc/shared';
import type { CourierPositionStore } from '../data';
import { startPackedConsumer } from '../events/fulfillment-packed';
import { startTaskCreatedConsumer } from '../events/fulfillment-task-created';
import { startOrdersConfirmedConsumer } from '../events/orders-confirmed';
import { startOrdersStatusChangedConsumer } from '../events/orders-status-changed';
import { subscribeCourierPositions } from '../events/tracking-position';
import type { UseCases } from '.';

/** What the workers run beside the use cases, built with them by `createApp`. */
export interface WorkerParts {
  relay: OutboxRelay;
  positions: CourierPositionStore;
  /**
   * The dispatcher (at once when woken, else when the earliest waiting order is due), the offer
   * sweeper (when the earliest pending offer expires; woken by each new offer) and the courier wake
   * (orders awaiting a courier, near the couriers who reported).
   */
  loops: Loop[];
}

/**
 * Delivery's background work: the outbox relay, the courier-position projection, the four event
 * consumers, and the dispatcher and sweeper loops. With nothing pending both loops sleep
 * `idleRecheckMs`, a safety net for work another replica left, instead of polling Postgres every
 * second. Returns a function that stops all of it, consumers first so nothing new starts while the
 * loops wind down.
 */
export async function startWorkers(deps: SubgraphDeps, useCases: UseCases, parts: WorkerParts): Promise<() => Promise<void>> {
  const { dispatch } = useCases;
  parts.relay.start();
  const positions = subscribeCourierPositions(deps, parts.positions, (recorded) => dispatch.couriersReported(recorded));
  const consumers = await Promise.all([
    startOrdersConfirmedConsumer(deps, dispatch),
    startTaskCreatedConsumer(deps, dispatch),
    startPackedConsumer(deps, dispatch),
    startOrdersStatusChangedConsumer(deps, dispatch),
  ]);
  for (const loop of parts.loops) loop.start();
  return async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await positions.stop();
    await Promise.all(parts.loops.map((loop) => loop.stop()));
    await parts.relay.stop();
  };
}
