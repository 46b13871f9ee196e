import type { Knex, SubgraphDeps } from '@qc/shared';
import { createRepositories, type Repositories } from '../data';
import { computeEta, etaChanged } from '../domain/eta';
import { publishEta } from '../events/publish';
import type {
  DeliveryAssignedEvent,
  DeliveryDeliveredEvent,
  DeliveryPickedUpEvent,
  FulfillmentPackedEvent,
  FulfillmentTaskCreatedEvent,
} from '../events/payloads';

/** How many couriers one start-up rebuild transaction locks and mirrors. */
const REBUILD_CHUNK = 200;

/**
 * Applies delivery's and fulfillment's events to `active_deliveries` / `order_preparation`, then, in
 * the same transaction, mirrors each affected courier's live delivery to Redis (what ingestion reads)
 * and publishes the order's ETA when it changed.
 *
 * Every handler locks the order, then the affected couriers (advisory transaction locks), before it
 * reads the state it mirrors: so two events for one courier or one order (arriving on different
 * consumers) mirror in commit order, and the last mirror written is the committed truth. If a commit
 * fails after the mirror was written, the retry writes it again.
 */
export class DeliveryStateService {
  constructor(private readonly deps: Pick<SubgraphDeps, 'redis' | 'namespace' | 'events' | 'log'>) {}

  private repos(trx: Knex): Repositories {
    return createRepositories(trx, this.deps.redis, this.deps.namespace, this.deps.log);
  }

  async applyAssigned(trx: Knex, e: DeliveryAssignedEvent, now = new Date()): Promise<void> {
    const repos = this.repos(trx);
    await repos.deliveries.lockOrder(e.orderId);
    const couriers = await repos.deliveries.recordAssigned({
      deliveryId: e.deliveryId,
      orderId: e.orderId,
      courierId: e.courierId,
      storeId: e.storeId,
      storeLocation: e.storeLocation,
      dropoffLocation: e.dropoffLocation,
      vehicle: e.vehicle ?? null,
      at: new Date(e.at),
    });
    await this.refreshCouriers(repos, couriers, now);
  }

  async applyPickedUp(trx: Knex, e: DeliveryPickedUpEvent, now = new Date()): Promise<void> {
    const repos = this.repos(trx);
    await repos.deliveries.lockOrder(e.orderId);
    await repos.deliveries.recordPickedUp({ deliveryId: e.deliveryId, orderId: e.orderId, courierId: e.courierId, at: new Date(e.at) });
    await this.refreshCouriers(repos, [e.courierId], now);
  }

  /** Besides ending the delivery, publishes the order's last ETA: arrived at the handover, 0 minutes left. */
  async applyDelivered(trx: Knex, e: DeliveryDeliveredEvent, now = new Date()): Promise<void> {
    const repos = this.repos(trx);
    await repos.deliveries.lockOrder(e.orderId);
    await repos.deliveries.recordDelivered({ deliveryId: e.deliveryId, orderId: e.orderId, courierId: e.courierId, at: new Date(e.at) });
    await this.refreshCouriers(repos, [e.courierId], now);
    publishEta(this.deps.events, this.deps.log, {
      orderId: e.orderId,
      courierId: e.courierId,
      estimatedArrivalAt: new Date(e.at),
      minutesRemaining: 0,
      computedAt: now,
    });
  }

  /**
   * The tasks created of several orders (the events that arrived together) in one go: their orders'
   * locks in one statement, their promises in another, then the couriers of any of them.
   */
  async applyTasksCreated(trx: Knex, events: readonly FulfillmentTaskCreatedEvent[], now = new Date()): Promise<void> {
    const repos = this.repos(trx);
    await repos.deliveries.lockOrders(events.map((e) => e.orderId));
    const couriers = await repos.deliveries.recordTasksCreated(
      events.map((e) => ({ orderId: e.orderId, taskId: e.taskId, storeId: e.storeId, promisedReadyAt: new Date(e.promisedReadyAt) })),
    );
    await this.refreshCouriers(repos, couriers, now);
  }

  async applyPacked(trx: Knex, e: FulfillmentPackedEvent, now = new Date()): Promise<void> {
    const repos = this.repos(trx);
    await repos.deliveries.lockOrder(e.orderId);
    const couriers = await repos.deliveries.recordPacked({ orderId: e.orderId, taskId: e.taskId, storeId: e.storeId, packedAt: new Date(e.packedAt) });
    await this.refreshCouriers(repos, couriers, now);
  }

  /**
   * Rewrites the Redis mirror of every courier with a live delivery from Postgres (after a Redis flush
   * or outage nothing else would), in chunks, each under the couriers' locks, then marks the mirror
   * as built. Returns how many couriers.
   */
  async rebuildMirror(db: Knex, now = new Date()): Promise<number> {
    const repos = createRepositories(db, this.deps.redis, this.deps.namespace);
    const couriers = await repos.deliveries.activeCourierIds();
    for (let i = 0; i < couriers.length; i += REBUILD_CHUNK) {
      const chunk = couriers.slice(i, i + REBUILD_CHUNK);
      await db.transaction((trx) => this.refreshCouriers(this.repos(trx), chunk, now));
    }
    await repos.live.markMirrored();
    return couriers.length;
  }

  /**
   * Rebuilds the mirror when Redis no longer has it (it came back empty); returns how many couriers
   * were mirrored, or null when the mirror was there.
   */
  async ensureMirror(db: Knex): Promise<number | null> {
    if (await createRepositories(db, this.deps.redis, this.deps.namespace).live.isMirrored()) return null;
    return this.rebuildMirror(db);
  }

  /** Mirrors each courier's live delivery (or clears it) and publishes the order's ETA when it changed. */
  private async refreshCouriers(repos: Repositories, courierIds: readonly string[], now: Date): Promise<void> {
    await repos.deliveries.lockCouriers(courierIds);
    const unique = [...new Set(courierIds)];
    const deliveries = new Map((await repos.deliveries.findActiveByCourierIds(unique)).map((d) => [d.courierId, d]));
    const positions = new Map((await repos.positions.findLatest(unique)).map((p) => [p.courierId, p]));
    for (const courierId of unique) {
      const delivery = deliveries.get(courierId);
      if (!delivery) {
        await repos.live.clearDelivery(courierId);
        continue;
      }
      const eta = computeEta(delivery, positions.get(courierId) ?? null, now);
      const publish = eta !== null && etaChanged((await repos.live.state(courierId)).lastEta, eta);
      await repos.live.setDelivery(courierId, delivery, publish ? eta : null);
      if (publish) publishEta(this.deps.events, this.deps.log, eta);
    }
  }
}
