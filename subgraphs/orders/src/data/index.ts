import type { Knex } from '@qc/shared';
import { CustomerRepository } from './customers';
import { OrderHistoryRepository } from './order-history';
import { OrderItemRepository } from './order-items';
import { OrderRepository } from './orders';

export * from './types';
export type { CustomerOrderPageQuery, OrderPageKey } from './orders';
export { CustomerRepository, OrderHistoryRepository, OrderItemRepository, OrderRepository };

export interface Repositories {
  customers: CustomerRepository;
  orders: OrderRepository;
  orderItems: OrderItemRepository;
  orderHistory: OrderHistoryRepository;
}

/** Repositories over a knex or a transaction, so a use case can write several tables atomically. */
export const createRepositories = (db: Knex): Repositories => ({
  customers: new CustomerRepository(db),
  orders: new OrderRepository(db),
  orderItems: new OrderItemRepository(db),
  orderHistory: new OrderHistoryRepository(db),
});
