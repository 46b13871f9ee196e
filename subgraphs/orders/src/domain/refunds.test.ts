import { cancellationRefund, cancellationRefundId, itemMissingRefundId, missingItemRefund, nothingOwed, refundableCents, type LedgerEntry } from './refunds';

const partial = (amountCents: number, status: LedgerEntry['status'] = 'REFUNDED'): LedgerEntry => ({ kind: 'ITEM_MISSING', amountCents, status });

describe('refund rules', () => {
  it('when nothing was refunded yet, then the whole authorization is refundable', () => {
    expect(refundableCents(699, [])).toBe(699);
  });

  it('when partial refunds are owed or done, then both count against what is left', () => {
    expect(refundableCents(699, [partial(250), partial(199, 'OWED')])).toBe(250);
  });

  it('when the ledger already exceeds the authorization, then nothing is refundable (never negative)', () => {
    expect(refundableCents(100, [partial(150)])).toBe(0);
  });

  it('when an item is missing, then quantity × unit price goes back, at most the units on the line', () => {
    expect(missingItemRefund({ missingQuantity: 1, line: { quantity: 2, unitPriceCents: 250 }, authorizedCents: 699, ledger: [] })).toEqual({ quantity: 1, amountCents: 250 });
    expect(missingItemRefund({ missingQuantity: 5, line: { quantity: 2, unitPriceCents: 250 }, authorizedCents: 699, ledger: [] })).toEqual({ quantity: 2, amountCents: 500 });
  });

  it('when earlier refunds leave less than the missing item is worth, then only what is left goes back', () => {
    expect(missingItemRefund({ missingQuantity: 2, line: { quantity: 2, unitPriceCents: 250 }, authorizedCents: 699, ledger: [partial(500, 'OWED')] })).toEqual({ quantity: 2, amountCents: 199 });
  });

  it('when an order is cancelled after partial refunds, then the cancellation refunds only the remainder', () => {
    expect(cancellationRefund(699, [partial(250), partial(199, 'OWED')])).toEqual({ amountCents: 250 });
    expect(cancellationRefund(699, [])).toEqual({ amountCents: 699 });
  });

  it('when partial refunds already gave everything back, then there is no cancellation refund', () => {
    expect(cancellationRefund(500, [partial(250), partial(250)])).toBeNull();
  });

  it('when the ledger already has the cancellation refund, then none is added again, whatever its amount', () => {
    expect(cancellationRefund(699, [{ kind: 'CANCELLATION', amountCents: 449, status: 'OWED' }, partial(250)])).toBeNull();
  });

  it('when any refund is still owed, then the order is not fully refunded', () => {
    expect(nothingOwed([partial(250), { kind: 'CANCELLATION', amountCents: 449, status: 'REFUNDED' }])).toBe(true);
    expect(nothingOwed([partial(250, 'OWED'), { kind: 'CANCELLATION', amountCents: 449, status: 'REFUNDED' }])).toBe(false);
    expect(nothingOwed([])).toBe(true);
  });

  it('when the same event or order is refunded again, then the provider is asked under the same id', () => {
    expect(itemMissingRefundId('e1')).toBe(itemMissingRefundId('e1'));
    expect(itemMissingRefundId('e1')).not.toBe(itemMissingRefundId('e2'));
    expect(cancellationRefundId('ord_1')).not.toBe(itemMissingRefundId('ord_1'));
  });
});
