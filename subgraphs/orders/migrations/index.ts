import { eventRetentionMigration, eventTablesMigration, outboxTraceContextMigration } from '@qc/shared';
import { customersAndOrders } from './20261122000000_customers_and_orders';
import { orderProgress } from './20261201000000_order_progress';
import { placement } from './20261124000000_placement';
import { refundLedger } from './20261205120000_refund_ledger';
import { orderCourier } from './20261206000000_order_courier';
import { operationsSummary } from './20261207000000_operations_summary';

/** Orders' migrations, oldest first. Add new ones at the end. */
export const migrations = [customersAndOrders, eventTablesMigration, placement, orderProgress, refundLedger, orderCourier, operationsSummary, eventRetentionMigration, outboxTraceContextMigration];
