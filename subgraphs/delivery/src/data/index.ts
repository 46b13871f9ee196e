import type { Knex } from '@qc/shared';
import { CourierRepository } from './couriers';
import { DeliveryRepository } from './deliveries';

export * from './types';
export { CourierRepository, DeliveryRepository };

export interface Repositories {
  couriers: CourierRepository;
  deliveries: DeliveryRepository;
}

/** Repositories over a knex or a transaction, so a use case can write several tables atomically. */
export const createRepositories = (db: Knex): Repositories => ({
  couriers: new CourierRepository(db),
  deliveries: new DeliveryRepository(db),
});
