import { courierIdOf, decide, isTrusted, staffStoreOf, unauthenticated, type AccessDecision, type Identity } from '@qc/shared';
import type { OrderRecord } from '../data/types';
import type { OrderStatus } from './order-status';

/** What the rules read of an order: who is party to it, and how far it has come. */
export type OrderParties = Pick<OrderRecord, 'customerId' | 'storeId' | 'courierId' | 'status'>;

/** Statuses after which an order is over: its store and courier no longer see its customer's data. */
export const FINISHED: readonly OrderStatus[] = ['DELIVERED', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED', 'REFUNDED'];

/** Whether the order is still under way (placed and not yet delivered, failed or cancelled). */
export const isActiveOrder = (status: OrderStatus): boolean => !FINISHED.includes(status);

/**
 * Who may see an order: the customer who placed it, staff of the store fulfilling it, the courier
 * carrying it (the latest one delivery assigned; an offered courier is not), admins and the `service`
 * identity. An order without a store yet is visible to no staff, one without a courier yet to no courier.
 */
export function canSeeOrder(identity: Identity | null, order: OrderParties): boolean {
  if (!identity) return false;
  if (isTrusted(identity)) return true;
  switch (identity.role) {
    case 'customer':
      return identity.sub === order.customerId;
    case 'store_staff':
      return order.storeId !== null && staffStoreOf(identity) === order.storeId;
    case 'courier':
      return order.courierId !== null && courierIdOf(identity) === order.courierId;
    default:
      return false;
  }
}

/** `canSeeOrder` as a decision: anonymous callers are asked to sign in. */
export const orderAccess = (identity: Identity | null, order: OrderParties): AccessDecision => decide(identity, (id) => canSeeOrder(id, order));

/**
 * Whether the caller works on this order right now: staff of its store or its courier, while it is
 * active. They need the customer's name and address to hand it over, and lose them once it is over.
 */
const worksOnNow = (identity: Identity, order: OrderParties): boolean =>
  isActiveOrder(order.status) &&
  ((order.storeId !== null && staffStoreOf(identity) === order.storeId) || (order.courierId !== null && courierIdOf(identity) === order.courierId));

/** Customer data on an order (its delivery address): the customer, trusted callers, its store and courier while active. */
export const orderPiiAccess = (identity: Identity | null, order: OrderParties): AccessDecision =>
  decide(identity, (id) => isTrusted(id) || (id.role === 'customer' && id.sub === order.customerId) || worksOnNow(id, order));

/**
 * A customer's name and email: the customer, trusted callers, and the staff or courier of one of the
 * customer's active orders (`activeOrders`, the customer's orders still under way).
 */
export const customerPiiAccess = (identity: Identity | null, customerId: string, activeOrders: readonly OrderParties[]): AccessDecision =>
  decide(identity, (id) => isTrusted(id) || (id.role === 'customer' && id.sub === customerId) || activeOrders.some((order) => worksOnNow(id, order)));

/** A customer's order list: the customer themselves, admins and the `service` identity. */
export const customerOrdersAccess = (identity: Identity | null, customerId: string): AccessDecision =>
  decide(identity, (id) => isTrusted(id) || (id.role === 'customer' && id.sub === customerId));

/** Placing orders, "my orders": customers only. */
export const customerRoleAccess = (identity: Identity | null): AccessDecision => decide(identity, (id) => id.role === 'customer');

/** Cancelling: customers (their own orders) and admins; everyone else is refused before any lookup. */
export const cancelAccess = (identity: Identity | null): AccessDecision => decide(identity, (id) => id.role === 'customer' || id.role === 'admin');

/** The customer id a customer token speaks for; null for every other role (and anonymous callers). */
export const ownCustomerId = (identity: Identity | null): string | null =>
  identity?.role === 'customer' ? identity.sub : null;

/** Throws UNAUTHENTICATED for an anonymous caller, so "who are you" is asked before "may you". */
export function requireIdentity(identity: Identity | null): Identity {
  if (!identity) throw unauthenticated();
  return identity;
}

/** Who may see city-wide numbers (the operations map): admins and the `service` identity. */
export const adminAccess = (identity: Identity | null): AccessDecision => decide(identity, isTrusted);
