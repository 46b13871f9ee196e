import { courierIdOf, forbidden, unauthenticated, type Identity } from '@qc/shared';
import type { OrderRecord } from '../data/types';

type OrderParties = Pick<OrderRecord, 'customerId' | 'storeId' | 'courierId'>;

/**
 * Who may see an order: the customer who placed it, staff of the store fulfilling it, the courier
 * carrying it (the latest one delivery assigned), and admins. An order without a store yet is visible
 * to no staff, one without a courier yet to no courier.
 */
export function canSeeOrder(identity: Identity | null, order: OrderParties): boolean {
  if (!identity) return false;
  switch (identity.role) {
    case 'admin':
      return true;
    case 'customer':
      return identity.sub === order.customerId;
    case 'store_staff':
      return identity.storeId !== undefined && order.storeId !== null && identity.storeId === order.storeId;
    case 'courier':
      return order.courierId !== null && courierIdOf(identity) === order.courierId;
    default:
      return false;
  }
}

/** Who may see a customer's private data (their order list): the customer themselves and admins. */
export function canSeeCustomer(identity: Identity | null, customerId: string): boolean {
  if (!identity) return false;
  return identity.role === 'admin' || (identity.role === 'customer' && identity.sub === customerId);
}

/** The customer id a customer token speaks for; null for every other role (and anonymous callers). */
export const ownCustomerId = (identity: Identity | null): string | null =>
  identity?.role === 'customer' ? identity.sub : null;

/** Throws UNAUTHENTICATED for an anonymous caller, so "who are you" is asked before "may you". */
export function requireIdentity(identity: Identity | null): Identity {
  if (!identity) throw unauthenticated();
  return identity;
}

/** Throws UNAUTHENTICATED when anonymous, FORBIDDEN when signed in but not allowed to see the order. */
export function assertCanSeeOrder(identity: Identity | null, order: OrderParties & Pick<OrderRecord, 'id'>): void {
  requireIdentity(identity);
  if (!canSeeOrder(identity, order)) throw forbidden(`You may not see order ${order.id}`);
}

/** Throws UNAUTHENTICATED when anonymous, FORBIDDEN when signed in but not this customer (or an admin). */
export function assertCanSeeCustomer(identity: Identity | null, customerId: string): void {
  requireIdentity(identity);
  if (!canSeeCustomer(identity, customerId)) throw forbidden(`You may not see the orders of customer ${customerId}`);
}

/** Throws UNAUTHENTICATED when anonymous, FORBIDDEN for any role but customer; returns the customer's id. */
export function requireCustomer(identity: Identity | null): string {
  requireIdentity(identity);
  const customerId = ownCustomerId(identity);
  if (!customerId) throw forbidden('Only customers have orders of their own');
  return customerId;
}
