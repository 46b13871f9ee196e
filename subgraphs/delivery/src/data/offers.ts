import type { Knex } from '@qc/shared';
import type { NewOfferRecord, OfferRecord, OfferStatus } from './types';

interface OfferRow {
  id: string;
  order_id: string;
  delivery_id: string;
  courier_id: string;
  attempt: number;
  status: OfferStatus;
  distance_meters: number;
  eta_seconds: number;
  expires_at: Date;
  created_at: Date;
  closed_at: Date | null;
  store_id: string;
  store_lat: number;
  store_lng: number;
  dropoff_lat: number;
  dropoff_lng: number;
  promised_ready_at: Date | null;
}

/** An offer is always read with the places it is about, which live on its dispatch job. */
const SELECT = `
  SELECT o.id, o.order_id, o.delivery_id, o.courier_id, o.attempt, o.status, o.distance_meters, o.eta_seconds,
         o.expires_at, o.created_at, o.closed_at,
         j.store_id, j.store_lat, j.store_lng, j.dropoff_lat, j.dropoff_lng, j.promised_ready_at
  FROM offers o JOIN dispatch_jobs j ON j.order_id = o.order_id`;

const toRecord = (row: OfferRow): OfferRecord => ({
  id: row.id,
  orderId: row.order_id,
  deliveryId: row.delivery_id,
  courierId: row.courier_id,
  attempt: row.attempt,
  status: row.status,
  distanceMeters: row.distance_meters,
  etaSeconds: row.eta_seconds,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
  closedAt: row.closed_at,
  storeId: row.store_id,
  storeLocation: { lat: row.store_lat, lng: row.store_lng },
  dropoffLocation: { lat: row.dropoff_lat, lng: row.dropoff_lng },
  readyAt: row.promised_ready_at,
});

/** A pending offer as the sweeper and cancellation see it. */
export interface OpenOffer {
  id: string;
  orderId: string;
  courierId: string;
}

/** Offers in Postgres. Every method takes the knex (or a transaction) it was built with. */
export class OfferRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Writes a PENDING offer whose deadline is the database's now plus the window, so the deadline and
   * every check against it (`expires_at > now()`) read one clock. A second pending offer for the
   * courier or the order fails on `offers_one_pending_per_courier` / `_per_order` (23505).
   */
  async insert(offer: NewOfferRecord): Promise<OfferRecord> {
    await this.db('offers').insert({
      id: offer.id,
      order_id: offer.orderId,
      delivery_id: offer.deliveryId,
      courier_id: offer.courierId,
      attempt: offer.attempt,
      distance_meters: offer.distanceMeters,
      eta_seconds: offer.etaSeconds,
      expires_at: this.db.raw(`now() + ? * interval '1 millisecond'`, [offer.windowMs]),
    });
    return (await this.findByIds([offer.id]))[0]!;
  }

  async findByIds(ids: readonly string[]): Promise<OfferRecord[]> {
    if (ids.length === 0) return [];
    const result = await this.db.raw<{ rows: OfferRow[] }>(`${SELECT} WHERE o.id = ANY(?::text[])`, [ids as string[]]);
    return result.rows.map(toRecord);
  }

  /** The courier's offers still open for an answer, newest first. */
  async findPendingByCourier(courierId: string): Promise<OfferRecord[]> {
    const result = await this.db.raw<{ rows: OfferRow[] }>(
      `${SELECT} WHERE o.courier_id = ? AND o.status = 'PENDING' AND o.expires_at > now() ORDER BY o.created_at DESC`,
      [courierId],
    );
    return result.rows.map(toRecord);
  }

  /** The offers of these deliveries still open for an answer (at most one each). */
  async findPendingByDeliveryIds(deliveryIds: readonly string[]): Promise<OfferRecord[]> {
    if (deliveryIds.length === 0) return [];
    const result = await this.db.raw<{ rows: OfferRow[] }>(`${SELECT} WHERE o.delivery_id = ANY(?::text[]) AND o.status = 'PENDING'`, [deliveryIds as string[]]);
    return result.rows.map(toRecord);
  }

  /** Every offer of these orders, oldest attempt first. */
  async findByOrderIds(orderIds: readonly string[]): Promise<OfferRecord[]> {
    if (orderIds.length === 0) return [];
    const result = await this.db.raw<{ rows: OfferRow[] }>(`${SELECT} WHERE o.order_id = ANY(?::text[]) ORDER BY o.order_id, o.attempt`, [
      orderIds as string[],
    ]);
    return result.rows.map(toRecord);
  }

  /** Couriers already asked about the order (whatever they answered): nobody is asked twice. */
  async courierIdsAskedAbout(orderId: string): Promise<string[]> {
    const rows: { courier_id: string }[] = await this.db('offers').distinct('courier_id').where('order_id', orderId);
    return rows.map((r) => r.courier_id);
  }

  /**
   * The courier's answer, as a compare-and-set: only their own offer, only while PENDING and before the
   * deadline. Of two answers racing for one offer, the row lock lets exactly one through; the other
   * re-reads the row, finds it no longer PENDING, and gets false.
   */
  async answer(id: string, courierId: string, answer: 'ACCEPTED' | 'DECLINED'): Promise<boolean> {
    const count = await this.db('offers')
      .where({ id, courier_id: courierId, status: 'PENDING' })
      .andWhere('expires_at', '>', this.db.fn.now())
      .update({ status: answer, closed_at: this.db.fn.now() });
    return count > 0;
  }

  /** Milliseconds (database clock) until the earliest pending offer expires, or null when none is pending. */
  async nextExpiryInMs(): Promise<number | null> {
    const result = await this.db.raw<{ rows: { ms: string | null }[] }>(
      `SELECT EXTRACT(EPOCH FROM (min(expires_at) - now())) * 1000 AS ms FROM offers WHERE status = 'PENDING'`,
    );
    const ms = result.rows[0]?.ms;
    return ms === null || ms === undefined ? null : Number(ms);
  }

  /**
   * Pending offers past their deadline, locked for this transaction with their dispatch jobs (jobs
   * are locked first everywhere else). SKIP LOCKED: an order someone is working on right now (an
   * answer, a cancellation) is left for the next sweep, and two sweepers never take the same offer.
   */
  async lockExpired(limit: number): Promise<OpenOffer[]> {
    const result = await this.db.raw<{ rows: { id: string; order_id: string; courier_id: string }[] }>(
      `SELECT o.id, o.order_id, o.courier_id
       FROM offers o JOIN dispatch_jobs j ON j.order_id = o.order_id
       WHERE o.status = 'PENDING' AND o.expires_at <= now()
       ORDER BY o.expires_at
       LIMIT ?
       FOR UPDATE OF j, o SKIP LOCKED`,
      [limit],
    );
    return result.rows.map((r) => ({ id: r.id, orderId: r.order_id, courierId: r.courier_id }));
  }

  /** The order's pending offers, locked (at most one, by the partial unique index). */
  async lockPendingForOrder(orderId: string): Promise<OpenOffer[]> {
    const rows: { id: string; order_id: string; courier_id: string }[] = await this.db('offers')
      .select('id', 'order_id', 'courier_id')
      .where({ order_id: orderId, status: 'PENDING' })
      .forUpdate();
    return rows.map((r) => ({ id: r.id, orderId: r.order_id, courierId: r.courier_id }));
  }

  /** Closes a still-pending offer without an answer (EXPIRED by the sweeper, WITHDRAWN on cancellation). */
  async close(id: string, status: 'EXPIRED' | 'WITHDRAWN'): Promise<boolean> {
    const count = await this.db('offers').where({ id, status: 'PENDING' }).update({ status, closed_at: this.db.fn.now() });
    return count > 0;
  }
}
