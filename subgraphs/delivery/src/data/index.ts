import type { Knex } from '@qc/shared';
import { CourierRepository } from './couriers';
import { DeliveryRepository } from './deliveries';
import { DispatchJobRepository } from './dispatch-jobs';
import { OfferRepository } from './offers';

export * from './types';
export type { IdleClock } from './couriers';
export type { ConfirmedOrder, DispatchJobPatch, DueJob, ReportedPosition, TaskCreated, WaitPatch } from './dispatch-jobs';
export type { OpenOffer } from './offers';
export { CourierPositionStore } from './courier-positions';
export { CourierRepository, DeliveryRepository, DispatchJobRepository, OfferRepository };

export interface Repositories {
  couriers: CourierRepository;
  deliveries: DeliveryRepository;
  dispatchJobs: DispatchJobRepository;
  offers: OfferRepository;
}

/** Repositories over a knex or a transaction, so a use case can write several tables atomically. */
export const createRepositories = (db: Knex): Repositories => ({
  couriers: new CourierRepository(db),
  deliveries: new DeliveryRepository(db),
  dispatchJobs: new DispatchJobRepository(db),
  offers: new OfferRepository(db),
});
