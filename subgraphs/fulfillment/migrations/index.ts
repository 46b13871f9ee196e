import { pickTasks } from './20261122000000_pick_tasks';

/** Fulfillment's migrations, oldest first. Add new ones at the end. */
export const migrations = [pickTasks];
