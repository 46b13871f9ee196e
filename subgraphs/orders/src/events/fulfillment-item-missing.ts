import { startConsumer, SUBJECTS, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { refundMissingItem } from '../ordering/progress';
import type { PaymentService } from '../payments';
import { parseItemMissing } from './consumed-payloads';
import { consumerName, type ConsumerOpts } from './status-consumer';

export const FULFILLMENT_ITEM_MISSING_CONSUMER = consumerName(SUBJECTS.fulfillmentItemMissing);

/** `fulfillment.item_missing` → partial refund of the missing units (`refundMissingItem`); no status change. */
export function startFulfillmentItemMissingConsumer(deps: SubgraphDeps, payments: PaymentService, opts: ConsumerOpts = {}): Promise<RunningConsumer> {
  const log = deps.log.child({ consumer: FULFILLMENT_ITEM_MISSING_CONSUMER });
  return startConsumer<unknown>({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: FULFILLMENT_ITEM_MISSING_CONSUMER,
    subject: SUBJECTS.fulfillmentItemMissing,
    ...opts,
    handle: async (event, trx) => {
      const missing = parseItemMissing(event.data);
      await refundMissingItem(trx, log, payments, { ...missing, actor: 'fulfillment', eventId: event.id });
    },
  });
}
