import type { RunningConsumer, SubgraphDeps } from '@qc/shared';
import type { PaymentService } from '../data/payment-provider';
import { startDeliveryAssignedConsumer } from './delivery-assigned';
import { startDeliveryDeliveredConsumer } from './delivery-delivered';
import { startDeliveryPickedUpConsumer } from './delivery-picked-up';
import { startFulfillmentItemMissingConsumer } from './fulfillment-item-missing';
import { startFulfillmentPackedConsumer } from './fulfillment-packed';
import { startFulfillmentPickingStartedConsumer } from './fulfillment-picking-started';
import { startFulfillmentTaskCreatedConsumer } from './fulfillment-task-created';
import type { ConsumerOpts } from './status-consumer';

/** Every consumer orders runs (issue 5): fulfillment's and delivery's events move the order's status. */
export async function startOrderEventConsumers(deps: SubgraphDeps, payments: PaymentService, opts: ConsumerOpts = {}): Promise<RunningConsumer[]> {
  return Promise.all([
    startFulfillmentTaskCreatedConsumer(deps, opts),
    startFulfillmentPickingStartedConsumer(deps, opts),
    startFulfillmentItemMissingConsumer(deps, payments, opts),
    startFulfillmentPackedConsumer(deps, opts),
    startDeliveryAssignedConsumer(deps, opts),
    startDeliveryPickedUpConsumer(deps, opts),
    startDeliveryDeliveredConsumer(deps, opts),
  ]);
}
