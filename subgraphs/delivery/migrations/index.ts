import { couriersAndDeliveries } from './20261122000000_couriers_and_deliveries';

/** Delivery's migrations, oldest first. Add new ones at the end. */
export const migrations = [couriersAndDeliveries];
