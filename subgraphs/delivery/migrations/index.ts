import { eventRetentionMigration, eventTablesMigration, outboxTraceContextMigration } from '@qc/shared';
import { couriersAndDeliveries } from './20261122000000_couriers_and_deliveries';
import { dispatch } from './20261125000000_dispatch';
import { dispatchJobCustomer } from './20261207000000_dispatch_job_customer';
import { dispatchJobAwaitingCourier } from './20261207100000_dispatch_job_awaiting_courier';

/** Delivery's migrations, oldest first. Add new ones at the end. */
export const migrations = [couriersAndDeliveries, eventTablesMigration, dispatch, dispatchJobCustomer, eventRetentionMigration, outboxTraceContextMigration, dispatchJobAwaitingCourier];
