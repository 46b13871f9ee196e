import { Loop, type SubgraphDeps } from '@qc/shared';
import type { Settings } from '../config';
import { createRepositories } from '../data';
import {
  startDeliveryAssignedConsumer,
  startDeliveryDeliveredConsumer,
  startDeliveryPickedUpConsumer,
  startPackedConsumer,
  startTaskCreatedConsumer,
  startOrdersConfirmedConsumer,
} from '../events';
import type { UseCases } from '.';

/**
 * Background work of a tracking process: rebuild the Redis mirror of live deliveries from Postgres
 * (whatever happened to Redis while no process ran is not trusted) and again whenever Redis comes back
 * without it (checked on every reconnect and every few seconds), flush buffered reports every
 * ~500 ms, consume delivery's and fulfillment's events, and forget finished deliveries after a day.
 * Returns a function that stops it all, writing what is still buffered.
 */
export async function startWorkers(deps: SubgraphDeps, useCases: UseCases, settings: Settings): Promise<() => Promise<void>> {
  const mirrored = await useCases.deliveryState.rebuildMirror(deps.db);
  deps.log.info({ couriers: mirrored }, 'live deliveries mirrored to Redis');
  let checking: Promise<void> | null = null;
  const ensureMirror = () => {
    checking ??= useCases.deliveryState
      .ensureMirror(deps.db)
      .then((couriers) => {
        if (couriers !== null) deps.log.warn({ couriers }, 'Redis had lost the live-delivery mirror; rebuilt it from Postgres');
      })
      .catch((error: unknown) => deps.log.warn({ err: error }, 'could not check the live-delivery mirror; will retry'))
      .finally(() => {
        checking = null;
      });
  };
  deps.redis.on('ready', ensureMirror);
  const mirrorCheck = new Loop({ name: 'live-mirror-check', everyMs: settings.mirrorCheckMs, log: deps.log, runAtStart: false }, async () => {
    ensureMirror();
    await checking;
  });
  mirrorCheck.start();
  useCases.writer.start();
  const consumers = await Promise.all([
    startDeliveryAssignedConsumer(deps, useCases.deliveryState),
    startDeliveryPickedUpConsumer(deps, useCases.deliveryState),
    startDeliveryDeliveredConsumer(deps, useCases.deliveryState),
    startTaskCreatedConsumer(deps, useCases.deliveryState),
    startPackedConsumer(deps, useCases.deliveryState),
    startOrdersConfirmedConsumer(deps),
  ]);

  const repos = createRepositories(deps.db, deps.redis, deps.namespace, deps.log);
  const keepMs = settings.keepFinishedMs;
  const purge = new Loop({ name: 'finished-delivery-purge', everyMs: settings.purgeEveryMs, log: deps.log, runAtStart: false }, async () => {
    const rows = await repos.deliveries.purgeFinished(new Date(Date.now() - keepMs));
    if (rows > 0) deps.log.info({ rows }, 'finished deliveries purged');
  });
  purge.start();

  return async () => {
    await purge.stop();
    await mirrorCheck.stop();
    deps.redis.off('ready', ensureMirror);
    await checking;
    await Promise.all(consumers.map((c) => c.stop()));
    await useCases.writer.stop();
  };
}
