import { Loop, type SubgraphDeps } from '@qc/shared';
import { createRepositories } from '../data';
import {
  startDeliveryAssignedConsumer,
  startDeliveryDeliveredConsumer,
  startDeliveryPickedUpConsumer,
  startPackedConsumer,
  startTaskCreatedConsumer,
  startOrdersConfirmedConsumer,
} from '../events';
import { createServices, type Services } from './';

export interface WorkerOptions {
  /** How often finished deliveries are forgotten. */
  purgeEveryMs?: number;
  /** How often the Redis mirror is checked for (besides every reconnect to Redis). */
  mirrorCheckMs?: number;
  /** How long a finished delivery or a preparation promise is kept. */
  keepFinishedMs?: number;
}

/**
 * Background work of a tracking process: rebuild the Redis mirror of live deliveries from Postgres
 * (whatever happened to Redis while no process ran is not trusted) and again whenever Redis comes back
 * without it (checked on every reconnect and every few seconds), flush buffered reports every
 * ~500 ms, consume delivery's and fulfillment's events, and forget finished deliveries after a day.
 * Returns a function that stops it all, writing what is still buffered.
 */
export async function startWorkers(deps: SubgraphDeps, services: Services = createServices(deps), opts: WorkerOptions = {}): Promise<() => Promise<void>> {
  const mirrored = await services.deliveryState.rebuildMirror(deps.db);
  deps.log.info({ couriers: mirrored }, 'live deliveries mirrored to Redis');
  let checking: Promise<void> | null = null;
  const ensureMirror = () => {
    checking ??= services.deliveryState
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
  const mirrorCheck = new Loop({ name: 'live-mirror-check', everyMs: opts.mirrorCheckMs ?? 5000, log: deps.log, runAtStart: false }, async () => {
    ensureMirror();
    await checking;
  });
  mirrorCheck.start();
  services.writer.start();
  const consumers = await Promise.all([
    startDeliveryAssignedConsumer(deps, services.deliveryState),
    startDeliveryPickedUpConsumer(deps, services.deliveryState),
    startDeliveryDeliveredConsumer(deps, services.deliveryState),
    startTaskCreatedConsumer(deps, services.deliveryState),
    startPackedConsumer(deps, services.deliveryState),
    startOrdersConfirmedConsumer(deps),
  ]);

  const repos = createRepositories(deps.db, deps.redis, deps.namespace, deps.log);
  const keepMs = opts.keepFinishedMs ?? 24 * 60 * 60 * 1000;
  const purge = new Loop({ name: 'finished-delivery-purge', everyMs: opts.purgeEveryMs ?? 10 * 60 * 1000, log: deps.log, runAtStart: false }, async () => {
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
    await services.writer.stop();
  };
}
