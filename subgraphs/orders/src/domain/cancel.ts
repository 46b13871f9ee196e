import { appError, enforce, ErrorCode, notFound, type Identity } from '@qc/shared';
import type { OrderRecord } from '../data/types';
import { assertTransition, type OrderStatus } from './order-status';
import { cancelAccess, requireIdentity } from './access';

/** Until picking starts the goods are still on the shelf: the customer may cancel on their own. */
export const CUSTOMER_CANCELLABLE: readonly OrderStatus[] = ['PENDING', 'CONFIRMED', 'ASSIGNED_TO_STORE'];

export const MAX_CANCEL_REASON_LENGTH = 500;

/**
 * Who may cancel what: the customer their own order until picking starts, an admin any order the state
 * machine still lets go to CANCELLED (until delivered); nobody else. Throws UNAUTHENTICATED, FORBIDDEN
 * (a role that never cancels), NOT_FOUND (another customer's order: the very answer an unknown id gets,
 * so nobody learns which orders exist), or INVALID_STATE (with `from`/`to`) when the order's status
 * does not allow it for this caller.
 */
export function assertMayCancel(identity: Identity | null, order: Pick<OrderRecord, 'id' | 'customerId' | 'status'>): void {
  enforce(cancelAccess(identity), 'Only customers and admins can cancel orders');
  const who = requireIdentity(identity);
  const customerOwnsIt = who.role === 'customer' && who.sub === order.customerId;
  if (who.role !== 'admin' && !customerOwnsIt) throw notFound('Order', order.id);
  assertTransition(order.status, 'CANCELLED');
  if (customerOwnsIt && !CUSTOMER_CANCELLABLE.includes(order.status)) {
    throw appError(ErrorCode.INVALID_STATE, `Order ${order.id} is already being picked (${order.status}); contact support to cancel it`, {
      from: order.status,
      to: 'CANCELLED',
    });
  }
}

/** Problems with a cancellation reason, as `InvalidOrderInput` problems; empty when fine. */
export function cancelReasonProblems(reason: string): { field: string; message: string }[] {
  if (reason.trim().length === 0) return [{ field: 'reason', message: 'The reason is missing' }];
  if (reason.length > MAX_CANCEL_REASON_LENGTH) return [{ field: 'reason', message: `The reason is longer than ${MAX_CANCEL_REASON_LENGTH} characters` }];
  return [];
}
