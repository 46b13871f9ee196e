import type { Knex, Logger } from '@qc/shared';
import { createRepositories } from '../data';
import type { PaymentService } from '../data/payment-provider';

/**
 * Asks the provider for one refund of the ledger, under the ledger entry's id, and marks it (and the
 * partial refund it pays, if any) REFUNDED when the provider confirms. True when it is refunded (now or
 * before); false when the provider refused (the entry stays OWED, its attempt counted, for the retrier).
 *
 * Safe to run twice at once and after a lost answer: the provider refunds once per id, the update only
 * moves OWED → REFUNDED. Called outside any transaction, so no row lock waits on the provider.
 */
export async function settleRefund(db: Knex, payments: PaymentService, log: Logger, refundId: string): Promise<boolean> {
  const repos = createRepositories(db);
  const refund = await repos.refunds.findById(refundId);
  if (!refund) return false;
  if (refund.status === 'REFUNDED') return true;
  const payment = await repos.payments.findByOrderId(refund.orderId);
  if (!payment?.providerPaymentId) {
    // The ledger only gets entries for authorized payments; a missing one needs a person.
    log.error({ refundId, orderId: refund.orderId }, 'owed refund without an authorized payment: reconcile by hand');
    return false;
  }
  const result = await payments.refund({ paymentId: payment.providerPaymentId, refundId, amountCents: refund.amountCents, currency: refund.currency });
  if (result.outcome !== 'refunded') {
    await repos.refunds.recordFailure(refundId, result.reason);
    log.warn({ refundId, orderId: refund.orderId, amountCents: refund.amountCents, cause: result.cause }, 'refund owed: provider unavailable, will retry');
    return false;
  }
  await db.transaction(async (trx) => {
    const t = createRepositories(trx);
    await t.refunds.markRefunded(refundId);
    await t.partialRefunds.markRefunded(refundId);
  });
  return true;
}
