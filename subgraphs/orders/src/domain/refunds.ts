/**
 * Refund rules: how much may still go back for an order, how much a missing item or a cancellation
 * gives back, and the id each refund is asked of the provider under. Every refund an order gets is one
 * entry of its refund ledger; the ledger entry exists before the provider is asked, so the sum of the
 * ledger (owed or refunded) is what the customer gets back in the end.
 */

export type RefundKind = 'ITEM_MISSING' | 'CANCELLATION';
export type RefundStatus = 'OWED' | 'REFUNDED';

/** What the rules need of a ledger entry. */
export interface LedgerEntry {
  kind: RefundKind;
  amountCents: number;
  status: RefundStatus;
}

/**
 * The provider de-duplicates refunds on this id, so asking again after a lost answer (timeout, crash
 * before the ledger was updated) refunds once. One refund per `fulfillment.item_missing` event.
 */
export const itemMissingRefundId = (eventId: string): string => `item_missing:${eventId}`;

/** One cancellation refund per order: the remainder after every earlier refund. */
export const cancellationRefundId = (orderId: string): string => `cancellation:${orderId}`;

/**
 * Giving back a whole authorization that no order keeps (it came after a timeout, or the order could
 * not be recorded). Keyed by the payment, so the two paths that may void it never void it twice.
 */
export const voidRefundId = (paymentId: string): string => `void:${paymentId}`;

/** Cents of the ledger, owed or already refunded: both are the customer's. */
export const ledgerTotalCents = (ledger: readonly Pick<LedgerEntry, 'amountCents'>[]): number => ledger.reduce((sum, e) => sum + e.amountCents, 0);

/** What may still be refunded of `authorizedCents` after the ledger; never negative. */
export const refundableCents = (authorizedCents: number, ledger: readonly Pick<LedgerEntry, 'amountCents'>[]): number =>
  Math.max(0, authorizedCents - ledgerTotalCents(ledger));

/**
 * Units and cents to give back for a missing item: at most the units the line has, at the line's
 * unit price, capped at what is left of the authorization after earlier refunds.
 */
export function missingItemRefund(p: {
  missingQuantity: number;
  line: { quantity: number; unitPriceCents: number };
  authorizedCents: number;
  ledger: readonly Pick<LedgerEntry, 'amountCents'>[];
}): { quantity: number; amountCents: number } {
  const quantity = Math.max(0, Math.min(p.missingQuantity, p.line.quantity));
  return { quantity, amountCents: Math.min(quantity * p.line.unitPriceCents, refundableCents(p.authorizedCents, p.ledger)) };
}

/**
 * The cancellation refund to add to the ledger: the remainder of the authorization after the
 * refunds already in it. Null when there is nothing left to give back, or when the ledger already has
 * the cancellation refund (its amount was fixed when it was added; asking again must not change it).
 */
export function cancellationRefund(authorizedCents: number, ledger: readonly LedgerEntry[]): { amountCents: number } | null {
  if (ledger.some((e) => e.kind === 'CANCELLATION')) return null;
  const amountCents = refundableCents(authorizedCents, ledger);
  return amountCents > 0 ? { amountCents } : null;
}

/** True when every refund of the ledger went through (an empty ledger owes nothing). */
export const nothingOwed = (ledger: readonly LedgerEntry[]): boolean => ledger.every((e) => e.status === 'REFUNDED');
