import { customersAndOrders } from './20261122000000_customers_and_orders';

/** Orders' migrations, oldest first. Add new ones at the end. */
export const migrations = [customersAndOrders];
