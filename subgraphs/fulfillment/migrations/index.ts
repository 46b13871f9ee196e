import { eventRetentionMigration, eventTablesMigration, outboxTraceContextMigration } from '@qc/shared';
import { pickTasks } from './20261122000000_pick_tasks';
import { picking } from './20261125000000_picking';
import { pickTaskCustomer } from './20261207000000_pick_task_customer';

/** Fulfillment's migrations, oldest first. Add new ones at the end. */
export const migrations = [pickTasks, eventTablesMigration, picking, pickTaskCustomer, eventRetentionMigration, outboxTraceContextMigration];
