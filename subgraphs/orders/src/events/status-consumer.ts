import { startConsumer, SUBJECTS, type RunningConsumer, type Subject, type SubgraphDeps } from '@qc/shared';
import type { OrderStatus } from '../domain/order-status';
import { advanceOrder } from '../app/progress';

export interface ConsumerOpts {
  retryDelayMs?: number;
}

/** Durable consumer name: `orders-<subject with dots as dashes>`. */
export const consumerName = (subject: Subject): string => `orders-${subject.replace(/\./g, '-')}`;

/**
 * A durable consumer of `subject` that moves the order to `targets` in turn (`advanceOrder`), in the
 * consumer's transaction, with the publishing service (the subject's first part) as the actor.
 */
/** The subjects that only move an order along (each names it by `orderId`). */
export type StatusSubject =
  | typeof SUBJECTS.fulfillmentTaskCreated
  | typeof SUBJECTS.fulfillmentPickingStarted
  | typeof SUBJECTS.fulfillmentPacked
  | typeof SUBJECTS.deliveryPickedUp
  | typeof SUBJECTS.deliveryDelivered;

export function startStatusConsumer(deps: SubgraphDeps, subject: StatusSubject, targets: readonly OrderStatus[], opts: ConsumerOpts = {}): Promise<RunningConsumer> {
  const actor = subject.split('.')[0]!;
  const log = deps.log.child({ consumer: consumerName(subject) });
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: consumerName(subject),
    subject,
    ...opts,
    handle: async (event, trx) => {
      const { orderId } = event.data as { orderId: string };
      await advanceOrder(trx, log, { orderId, actor, eventId: event.id, subject }, targets);
    },
  });
}
