import { workers, type SubgraphApp, type SubgraphDeps } from '@qc/shared';
import type { Settings } from '../config';
import { createRepositories } from '../data';
import { DeliveryStateService } from './delivery-state';
import { EtaService } from './eta';
import { IngestionService } from './ingestion';
import { LocationWriter } from './location-writer';
import { startWorkers } from './workers';

export { DeliveryStateService, EtaService, IngestionService, LocationWriter };
export type { LocationInput, ReportAck, SkipReason } from './ingestion';

/** Tracking's use cases; every request and every worker of the process shares them. */
export interface UseCases {
  ingestion: IngestionService;
  eta: EtaService;
  deliveryState: DeliveryStateService;
  /** The buffer between accepted reports and Postgres; `flush()` writes it now. */
  writer: LocationWriter;
}

export type App = SubgraphApp<UseCases>;

/**
 * Tracking's runtime for one process: the requests and the workers share the buffered writer, and
 * stopping the app writes what is still buffered, so reports accepted while in-flight requests drained
 * are never lost.
 */
export function createApp(deps: SubgraphDeps, settings: Settings): App {
  const repos = createRepositories(deps.db, deps.redis, deps.namespace, deps.log);
  const writer = new LocationWriter(repos, deps.log, settings.writer);
  const useCases: UseCases = {
    writer,
    ingestion: new IngestionService({ live: repos.live, writer, events: deps.events, log: deps.log }),
    eta: new EtaService(repos),
    deliveryState: new DeliveryStateService(deps),
  };
  const background = workers(() => startWorkers(deps, useCases, settings));
  return {
    useCases,
    workers: background,
    stop: async () => {
      await background.stop();
      await writer.stop();
    },
  };
}
