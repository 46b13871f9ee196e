import type { Knex, Logger, Redis } from '@qc/shared';
import { DeliveryRepository } from './deliveries';
import { HistoryRepository } from './history';
import { LiveStateRepository } from './live';
import { PositionRepository } from './positions';

export * from './types';
export type { AssignedDelivery, DeliveryMilestone, LiveParties } from './deliveries';
export type { CourierLiveState, IngestOutcome, IngestRules } from './live';
export { DeliveryRepository, HistoryRepository, LiveStateRepository, PositionRepository };

export interface Repositories {
  positions: PositionRepository;
  live: LiveStateRepository;
  deliveries: DeliveryRepository;
  history: HistoryRepository;
}

/**
 * Repositories over a knex or a transaction, the Redis client and the key namespace
 * (`deps.namespace`); `log` hears about Redis failures the repositories ride out.
 */
export const createRepositories = (db: Knex, redis: Redis, namespace: string, log?: Pick<Logger, 'warn'>): Repositories => {
  const positions = new PositionRepository(db, redis, namespace, log);
  return {
    positions,
    live: new LiveStateRepository(redis, namespace, (courierId) => positions.key(courierId)),
    deliveries: new DeliveryRepository(db),
    history: new HistoryRepository(db),
  };
};
