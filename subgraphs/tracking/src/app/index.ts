import type { SubgraphDeps } from '@qc/shared';
import { createRepositories } from '../data';
import { DeliveryStateService } from './delivery-state';
import { EtaService } from './eta';
import { IngestionService } from './ingestion';
import { LocationWriter, type LocationWriterOptions } from './location-writer';

export { DeliveryStateService, EtaService, IngestionService, LocationWriter };
export type { LocationInput, ReportAck, SkipReason } from './ingestion';

/** One set per process: the server's requests and the workers share the buffered writer. */
export interface Services {
  ingestion: IngestionService;
  eta: EtaService;
  deliveryState: DeliveryStateService;
  writer: LocationWriter;
}

export function createServices(deps: SubgraphDeps, opts: { writer?: LocationWriterOptions } = {}): Services {
  const repos = createRepositories(deps.db, deps.redis, deps.namespace, deps.log);
  const writer = new LocationWriter(repos, deps.log, opts.writer);
  return {
    writer,
    ingestion: new IngestionService({ live: repos.live, writer, events: deps.events, log: deps.log }),
    eta: new EtaService(repos),
    deliveryState: new DeliveryStateService(deps),
  };
}
