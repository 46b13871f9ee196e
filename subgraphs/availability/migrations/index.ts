import { eventRetentionMigration, eventTablesMigration, outboxTraceContextMigration } from '@qc/shared';
import { storesAndStock } from './20261122000000_stores_and_stock';
import { inventoryHistory } from './20261123000000_inventory_history';
import { reservations } from './20261124000000_reservations';

/** Availability's migrations, oldest first. Add new ones at the end. */
export const migrations = [storesAndStock, eventTablesMigration, inventoryHistory, reservations, eventRetentionMigration, outboxTraceContextMigration];
