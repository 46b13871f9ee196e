import { afterCommit, startConsumer, SUBJECTS, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { refundMissingItem } from '../app/progress';
import { settleRefund } from '../app/refunds';
import type { PaymentService } from '../data/payment-provider';
import { consumerName, type ConsumerOpts } from './status-consumer';

export const FULFILLMENT_ITEM_MISSING_CONSUMER = consumerName(SUBJECTS.fulfillmentItemMissing);

/**
 * `fulfillment.item_missing` → partial refund of the missing units: recorded OWED with the event
 * (`refundMissingItem`), asked of the provider once that committed (`settleRefund`); if the provider
 * refuses, `retryOwedRefunds` asks again later. No status change.
 */
export function startFulfillmentItemMissingConsumer(deps: SubgraphDeps, payments: PaymentService, opts: ConsumerOpts = {}): Promise<RunningConsumer> {
  const log = deps.log.child({ consumer: FULFILLMENT_ITEM_MISSING_CONSUMER });
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: FULFILLMENT_ITEM_MISSING_CONSUMER,
    subject: SUBJECTS.fulfillmentItemMissing,
    ...opts,
    handle: async (event, trx) => {
      const missing = event.data;
      const refundId = await refundMissingItem(trx, log, { ...missing, actor: 'fulfillment', eventId: event.id });
      if (refundId) {
        afterCommit(trx, () =>
          settleRefund(deps.db, payments, log, refundId).catch((error: unknown) => log.warn({ err: error, refundId }, 'partial refund not settled; the retrier will')),
        );
      }
    },
  });
}
