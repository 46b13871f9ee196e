import type { Knex, Logger, Redis } from '@qc/shared';
import { PositionRepository } from './positions';

export * from './types';
export { PositionRepository };

export interface Repositories {
  positions: PositionRepository;
}

/**
 * Repositories over a knex or a transaction, the Redis client and the key namespace
 * (`deps.namespace`); `log` hears about Redis failures the repositories ride out.
 */
export const createRepositories = (db: Knex, redis: Redis, namespace: string, log?: Pick<Logger, 'warn'>): Repositories => ({
  positions: new PositionRepository(db, redis, namespace, log),
});
