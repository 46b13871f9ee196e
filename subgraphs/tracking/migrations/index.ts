import { eventRetentionMigration, eventTablesMigration, outboxTraceContextMigration } from '@qc/shared';
import { courierPositions } from './20261122000000_courier_positions';
import { activeDeliveries } from './20261125000000_active_deliveries';
import { orderCustomers } from './20261207000000_order_customers';

/** Tracking's migrations, oldest first. Add new ones at the end. */
export const migrations = [courierPositions, eventTablesMigration, activeDeliveries, orderCustomers, eventRetentionMigration, outboxTraceContextMigration];
