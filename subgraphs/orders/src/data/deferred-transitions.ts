import type { Knex } from '@qc/shared';
import type { OrderStatus } from '../domain/order-status';

/** An event that arrived before the steps it follows, kept until its transition is allowed. */
export interface DeferredTransitionRecord {
  id: string;
  orderId: string;
  targetStatus: OrderStatus;
  actor: string;
  eventId: string;
  at: Date;
}

interface Row {
  id: string;
  order_id: string;
  target_status: OrderStatus;
  actor: string;
  event_id: string;
  at: Date;
}

/** `deferred_transitions`: out-of-order status events waiting for their order to catch up. */
export class DeferredTransitionRepository {
  constructor(private readonly db: Knex) {}

  async insert(record: Omit<DeferredTransitionRecord, 'id' | 'at'>): Promise<void> {
    await this.db('deferred_transitions')
      .insert({ order_id: record.orderId, target_status: record.targetStatus, actor: record.actor, event_id: record.eventId })
      .onConflict(['event_id', 'target_status'])
      .ignore();
  }

  async findByOrderId(orderId: string): Promise<DeferredTransitionRecord[]> {
    const rows = await this.db<Row>('deferred_transitions').select<Row[]>('*').where('order_id', orderId).orderBy('id');
    return rows.map((r) => ({ id: String(r.id), orderId: r.order_id, targetStatus: r.target_status, actor: r.actor, eventId: r.event_id, at: r.at }));
  }

  async delete(id: string): Promise<void> {
    await this.db('deferred_transitions').where('id', id).delete();
  }
}
