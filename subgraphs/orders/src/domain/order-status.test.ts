import { GraphQLError } from 'graphql';
import { assertTransition, canTransition, isOrderStatus, isTerminal, ORDER_STATUSES, type OrderStatus } from './order-status';

/** The allowed moves written out edge by edge from domain.md, independently of the table under test. */
const ALLOWED = new Set<string>([
  'PENDING>CONFIRMED',
  'CONFIRMED>ASSIGNED_TO_STORE',
  'ASSIGNED_TO_STORE>PICKING',
  'PICKING>PACKED',
  'PACKED>ASSIGNED_TO_COURIER',
  'ASSIGNED_TO_COURIER>PICKED_UP',
  'PICKED_UP>IN_TRANSIT',
  'IN_TRANSIT>DELIVERED',
  'PENDING>PAYMENT_FAILED',
  'PENDING>REJECTED',
  'PENDING>CANCELLED',
  'CONFIRMED>CANCELLED',
  'ASSIGNED_TO_STORE>CANCELLED',
  // An admin may still cancel after picking started (issue 4); customers may not (domain/cancel.ts).
  'PICKING>CANCELLED',
  'PACKED>CANCELLED',
  'ASSIGNED_TO_COURIER>CANCELLED',
  'PICKED_UP>CANCELLED',
  'IN_TRANSIT>CANCELLED',
  'CANCELLED>REFUNDED',
]);

const EVERY_PAIR: [OrderStatus, OrderStatus][] = ORDER_STATUSES.flatMap((from) =>
  ORDER_STATUSES.map((to): [OrderStatus, OrderStatus] => [from, to]),
);

describe('order state machine', () => {
  it('when the statuses are listed, then there are the 13 of the schema', () => {
    expect(ORDER_STATUSES).toHaveLength(13);
    expect(new Set(ORDER_STATUSES).size).toBe(13);
  });

  it.each(EVERY_PAIR)('when an order goes from %s to %s, then canTransition follows domain.md', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.has(`${from}>${to}`));
  });

  it.each(EVERY_PAIR)('when assertTransition is asked for %s to %s, then it throws INVALID_STATE exactly when not allowed', (from, to) => {
    if (ALLOWED.has(`${from}>${to}`)) {
      expect(() => assertTransition(from, to)).not.toThrow();
      return;
    }
    let thrown: unknown;
    try {
      assertTransition(from, to);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions).toEqual({ code: 'INVALID_STATE', from, to });
  });

  it('when an order is delivered or has already ended, then it can no longer be cancelled', () => {
    const notCancellable = ORDER_STATUSES.filter((s) => !canTransition(s, 'CANCELLED'));
    expect(notCancellable).toEqual(['DELIVERED', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED', 'REFUNDED']);
  });

  it('when an order is delivered, failed, rejected or refunded, then it is terminal', () => {
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(['DELIVERED', 'PAYMENT_FAILED', 'REJECTED', 'REFUNDED']);
  });

  it('when a value is checked as a status, then only the 13 names pass', () => {
    expect(isOrderStatus('PICKING')).toBe(true);
    expect(isOrderStatus('picking')).toBe(false);
    expect(isOrderStatus(3)).toBe(false);
  });
});
