import type { Knex } from '@qc/shared';
import { CustomerRepository } from './customers';
import { OrderHistoryRepository } from './order-history';
import { OrderItemRepository } from './order-items';
import { IdempotencyRepository } from './idempotency-keys';
import { OrderRepository } from './orders';
import { PaymentRepository } from './payments';
import { DeferredTransitionRepository } from './deferred-transitions';
import { PartialRefundRepository } from './partial-refunds';
import { RefundRepository } from './refunds';

export * from './types';
export type { IdempotencyRecord } from './idempotency-keys';
export type { PaymentRecord, PaymentStatus } from './payments';
export type { DeferredTransitionRecord } from './deferred-transitions';
export type { PartialRefundRecord, PartialRefundStatus } from './partial-refunds';
export type { RefundRecord, RefundKind, RefundStatus } from './refunds';
export { createInStatus, transition, type TransitionOptions } from './transitions';
export type { CustomerOrderPageQuery, OrderPageKey } from './orders';
export { CustomerRepository, DeferredTransitionRepository, IdempotencyRepository, PartialRefundRepository, OrderHistoryRepository, OrderItemRepository, OrderRepository, PaymentRepository, RefundRepository };

export interface Repositories {
  customers: CustomerRepository;
  orders: OrderRepository;
  orderItems: OrderItemRepository;
  orderHistory: OrderHistoryRepository;
  payments: PaymentRepository;
  idempotency: IdempotencyRepository;
  deferredTransitions: DeferredTransitionRepository;
  partialRefunds: PartialRefundRepository;
  refunds: RefundRepository;
}

/** Repositories over a knex or a transaction, so a use case can write several tables atomically. */
export const createRepositories = (db: Knex): Repositories => ({
  customers: new CustomerRepository(db),
  orders: new OrderRepository(db),
  orderItems: new OrderItemRepository(db),
  orderHistory: new OrderHistoryRepository(db),
  payments: new PaymentRepository(db),
  idempotency: new IdempotencyRepository(db),
  deferredTransitions: new DeferredTransitionRepository(db),
  partialRefunds: new PartialRefundRepository(db),
  refunds: new RefundRepository(db),
});
