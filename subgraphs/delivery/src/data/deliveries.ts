import type { Knex } from '@qc/shared';
import { arrayBinding } from './bindings';
import type { DeliveryRecord, DeliveryStatus, StoredDeliveryRecord } from './types';

interface DeliveryRow {
  id: string;
  order_id: string;
  courier_id: string | null;
  status: DeliveryStatus;
  assigned_at: Date | null;
  picked_up_at: Date | null;
  delivered_at: Date | null;
  proof_of_delivery: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = [
  'id',
  'order_id',
  'courier_id',
  'status',
  'assigned_at',
  'picked_up_at',
  'delivered_at',
  'proof_of_delivery',
  'created_at',
  'updated_at',
];

const toRecord = (row: DeliveryRow): StoredDeliveryRecord => ({
  id: row.id,
  orderId: row.order_id,
  courierId: row.courier_id,
  status: row.status,
  assignedAt: row.assigned_at,
  pickedUpAt: row.picked_up_at,
  deliveredAt: row.delivered_at,
  proofOfDelivery: row.proof_of_delivery,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * One statement for any batch size (eight array parameters, never one per row). Records carry no
 * creation time, so a historic delivery is dated by its first event and stamped with its last
 * (LEAST/GREATEST skip nulls); one with no events yet is dated now. ON CONFLICT without a target
 * also covers the partial unique indexes: a re-run, a second live delivery for an order or a second
 * active delivery for a courier is skipped, never half-inserted.
 */
const INSERT_MANY = `
  INSERT INTO deliveries (id, order_id, courier_id, status, assigned_at, picked_up_at, delivered_at, proof_of_delivery, created_at, updated_at)
  SELECT id, order_id, courier_id, status, assigned_at, picked_up_at, delivered_at, proof_of_delivery,
         COALESCE(LEAST(assigned_at, picked_up_at, delivered_at), now()),
         COALESCE(GREATEST(assigned_at, picked_up_at, delivered_at), now())
  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::text[])
    AS t(id, order_id, courier_id, status, assigned_at, picked_up_at, delivered_at, proof_of_delivery)
  ON CONFLICT DO NOTHING
`;

/** Deliveries in Postgres. Every method takes the knex (or a transaction) it was built with. */
export class DeliveryRepository {
  constructor(private readonly db: Knex) {}

  async findByIds(ids: readonly string[]): Promise<StoredDeliveryRecord[]> {
    const rows = await this.db<DeliveryRow>('deliveries').select<DeliveryRow[]>(COLUMNS).whereIn('id', ids);
    return rows.map(toRecord);
  }

  /** Every delivery of these orders, failed ones included; `currentDelivery` picks the one that counts. */
  async findByOrderIds(orderIds: readonly string[]): Promise<StoredDeliveryRecord[]> {
    const rows = await this.db<DeliveryRow>('deliveries').select<DeliveryRow[]>(COLUMNS).whereIn('order_id', orderIds);
    return rows.map(toRecord);
  }

  /** Every delivery of one order; with `forUpdate`, locked until the transaction ends. */
  async findByOrderId(orderId: string, opts: { forUpdate?: boolean } = {}): Promise<StoredDeliveryRecord[]> {
    const query = this.db<DeliveryRow>('deliveries').select<DeliveryRow[]>(COLUMNS).where('order_id', orderId);
    const rows = opts.forUpdate ? await query.forUpdate() : await query;
    return rows.map(toRecord);
  }

  /**
   * Starts a delivery with nobody assigned: OFFERED while couriers are asked, or FAILED straight away
   * when nobody could be asked at all. A second live one for the order fails on
   * `deliveries_one_live_per_order` (23505).
   */
  async create(id: string, orderId: string, status: 'OFFERED' | 'FAILED'): Promise<StoredDeliveryRecord> {
    const [row] = await this.db<DeliveryRow>('deliveries').insert({ id, order_id: orderId, status }).returning<DeliveryRow[]>(COLUMNS);
    return toRecord(row!);
  }

  /**
   * Moves a delivery from `from` to `to` only if it is still in `from` (compare-and-set), stamping the
   * event time from the database clock. Null when it was not in `from`. Assigning a courier who already
   * carries an order fails on `deliveries_one_active_per_courier` (23505).
   */
  async compareAndSet(
    id: string,
    from: DeliveryStatus,
    to: DeliveryStatus,
    fields: { courierId?: string; stamp?: 'assigned_at' | 'picked_up_at' | 'delivered_at'; proof?: string } = {},
  ): Promise<StoredDeliveryRecord | null> {
    const patch: Record<string, unknown> = { status: to, updated_at: this.db.fn.now() };
    if (fields.courierId !== undefined) patch.courier_id = fields.courierId;
    if (fields.stamp) patch[fields.stamp] = this.db.fn.now();
    if (fields.proof !== undefined) patch.proof_of_delivery = fields.proof;
    const rows: DeliveryRow[] = await this.db('deliveries').where({ id, status: from }).update(patch).returning(COLUMNS);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Inserts deliveries in one statement, skipping any that conflict; the seed loads data through this. */
  async insertMany(records: readonly DeliveryRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.raw(INSERT_MANY, [
      arrayBinding(records.map((r) => r.id)),
      arrayBinding(records.map((r) => r.orderId)),
      arrayBinding(records.map((r) => r.courierId)),
      arrayBinding(records.map((r) => r.status)),
      arrayBinding(records.map((r) => r.assignedAt)),
      arrayBinding(records.map((r) => r.pickedUpAt)),
      arrayBinding(records.map((r) => r.deliveredAt)),
      arrayBinding(records.map((r) => r.proofOfDelivery)),
    ]);
  }
}
