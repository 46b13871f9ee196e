import { startConsumer, SUBJECTS, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { assignCourier } from '../app/progress';
import { consumerName, type ConsumerOpts } from './status-consumer';

export const DELIVERY_ASSIGNED_CONSUMER = consumerName(SUBJECTS.deliveryAssigned);

/** `delivery.assigned` → the order records its courier (who may then follow it) and moves to ASSIGNED_TO_COURIER. */
export function startDeliveryAssignedConsumer(deps: SubgraphDeps, opts: ConsumerOpts = {}): Promise<RunningConsumer> {
  const log = deps.log.child({ consumer: DELIVERY_ASSIGNED_CONSUMER });
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: DELIVERY_ASSIGNED_CONSUMER,
    subject: SUBJECTS.deliveryAssigned,
    ...opts,
    handle: async (event, trx) => {
      const { orderId, courierId } = event.data;
      await assignCourier(trx, log, { orderId, courierId, actor: 'delivery', eventId: event.id, subject: SUBJECTS.deliveryAssigned });
    },
  });
}
