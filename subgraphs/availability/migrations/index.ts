import { storesAndStock } from './20261122000000_stores_and_stock';

/** Availability's migrations, oldest first. Add new ones at the end. */
export const migrations = [storesAndStock];
