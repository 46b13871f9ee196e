import { courierPositions } from './20261122000000_courier_positions';

/** Tracking's migrations, oldest first. Add new ones at the end. */
export const migrations = [courierPositions];
