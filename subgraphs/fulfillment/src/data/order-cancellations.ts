import type { Knex } from '@qc/shared';

/**
 * Orders cancelled before fulfillment saw their confirmation. The two order events arrive through
 * separate consumers, so a cancellation can overtake a confirmation that is being retried; this
 * remembers it so the late confirmation does not queue a cancelled order (read with the store's open tasks,
 * `PickTaskRepository.openTasksAndCancellation`).
 */
export class OrderCancellationRepository {
  constructor(private readonly db: Knex) {}

  async record(orderId: string, cancelledAt: Date): Promise<void> {
    await this.db('order_cancellations').insert({ order_id: orderId, cancelled_at: cancelledAt }).onConflict('order_id').ignore();
  }
}
