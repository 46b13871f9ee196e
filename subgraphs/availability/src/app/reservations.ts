import { randomUUID } from 'node:crypto';
import { appError, ErrorCode, newId, type Identity, type Knex, type Logger, type OutboxRelay } from '@qc/shared';
import { createRepositories, isDuplicateOrder, type FreeStockRecord, type InventoryChangeRecord, type Repositories, type ReservationRecord, type StockCache } from '../data';
import { assertService } from '../domain/access';
import { openAt, type StoreAtDistance } from '../domain/coverage';
import {
  consumptionPlan,
  HOLDING,
  releaseSteps,
  reservedAfterEachShare,
  shortItems,
  storesHoldingAll,
  validateOrderId,
  validateOrderIds,
  validateRelease,
  validateReserveRequest,
  type ReservationLine,
  type ReserveOutcome,
  type ReserveRequest,
  type ReserveRequestInput,
} from '../domain/reservation';
import { rankStores } from '../domain/store-choice';
import { changeEvent, enqueueInventoryChanges } from '../events/inventory-changed';
import type { AvailabilityService } from './availability';

/** A stock row a committed change touched: its cached free units must be dropped. */
export interface StockLine {
  storeId: string;
  productId: string;
}

/** What fulfillment packed for an order (`fulfillment.packed`). */
export interface PackedOrder {
  orderId: string;
  storeId: string;
  items: readonly ReservationLine[];
}

/** How often the stock is re-read after every ranked store lost its units to concurrent reservations. */
const MAX_ROUNDS = 3;
/** Expired reservations released per sweeper transaction. */
export const SWEEP_BATCH = 100;
/** Who the history names for changes nobody asked for directly. */
export const SWEEPER_ACTOR = 'availability-sweeper';

export interface ReservationServiceDeps {
  db: Knex;
  availability: AvailabilityService;
  stockCache: StockCache;
  /** Kicked after each commit so the `inventory.changed` events leave at once instead of at the next poll. */
  relay: OutboxRelay;
  log: Logger;
}

/** A history row's id; its uuid part is the id of the `inventory.changed` event the row causes. */
const newChangeId = () => `inv_${randomUUID()}`;

/** Free units per (store, product) as read from Postgres, the truth (the cache may lag a reservation by a few ms); 0 for a pair not carried. */
const freeOf = (rows: readonly FreeStockRecord[]) => {
  const free = new Map(rows.map((r) => [`${r.storeId}\u0000${r.productId}`, r.free]));
  return (storeId: string, productId: string) => free.get(`${storeId}\u0000${productId}`) ?? 0;
};

/** Thrown inside a reservation transaction to roll it back when a line is no longer free at that store. */
class LineTaken extends Error {}

/**
 * Stock reservations for orders: reserve all items in one store (all or nothing), confirm, release
 * (by orders, by events, by the expiry sweeper) and consume at packing. Every change writes the
 * inventory history and `inventory.changed` in its transaction and drops the cached free units after
 * the commit.
 */
export class ReservationService {
  /** Repositories outside any transaction: one set for the process, not one per call. */
  private readonly repos: Repositories;

  constructor(private readonly deps: ReservationServiceDeps) {
    this.repos = createRepositories(deps.db);
  }

  /**
   * Holds every item for the order in the best open store covering the location (`rankStores`), or
   * says why not. Idempotent by order id: a repeated or concurrent call returns the one reservation.
   * A reservation that was released cannot be made again for the same order (INVALID_STATE).
   */
  async reserve(identity: Identity | null, input: ReserveRequestInput, now: Date = new Date()): Promise<ReserveOutcome> {
    const caller = assertService(identity);
    const request = validateReserveRequest(input);
    const repos = this.repos;
    const covering = await this.deps.availability.storesCovering(request.location);
    const open = openAt(covering, now);
    const productIds = request.items.map((i) => i.productId);
    // A retry answers with the order's reservation. Its lookup rides with the first read of the stock
    // (one round trip for both); with no open store to read it stands alone.
    const storeIds = open.map((s) => s.store.id);
    const first = open.length
      ? await repos.reservations.findWithFreeUnits(request.orderId, storeIds, productIds)
      : { existing: await repos.reservations.findByOrderId(request.orderId), free: [] };
    if (first.existing) return this.existingOutcome(first.existing);
    if (covering.length === 0) return { kind: 'not-deliverable', reason: 'No store delivers to this location' };
    if (open.length === 0) return { kind: 'not-deliverable', reason: 'No store that delivers to this location is open now' };

    for (let round = 0; ; round += 1) {
      const free = freeOf(round === 0 ? first.free : await repos.stock.freeUnits(storeIds, productIds));
      const holding = storesHoldingAll(open, request.items, free);
      if (holding.length === 0 || round === MAX_ROUNDS) return { kind: 'out-of-stock', items: shortItems(open, request.items, free) };
      // One candidate needs no ranking: spare the load query.
      const loads = holding.length > 1 ? await repos.storeLoad.loads(holding.map((s) => s.store.id)) : new Map<string, number>();
      for (const candidate of rankStores(holding.map((s) => ({ ...s, load: loads.get(s.store.id) ?? 0 })))) {
        const attempt = await this.tryReserveAt(candidate, request, caller.sub);
        if (attempt === 'taken') continue;
        if (attempt === 'duplicate') {
          const winner = await repos.reservations.findByOrderId(request.orderId);
          if (!winner) throw new Error(`reservation of order ${request.orderId} vanished after a duplicate insert`);
          return this.existingOutcome(winner);
        }
        await this.afterCommit(attempt.lines);
        const { reservation } = attempt;
        return { kind: 'reserved', reservationId: reservation.id, storeId: reservation.storeId, expiresAt: reservation.expiresAt, distanceMeters: reservation.distanceMeters };
      }
    }
  }

  /** Gives the order's held units back. True when something was released; false when nothing was (left) to release. */
  async release(identity: Identity | null, orderId: string, reason: string): Promise<boolean> {
    const caller = assertService(identity);
    const why = validateRelease(orderId, reason);
    const lines = await this.deps.db.transaction((trx) => this.releaseInTransaction(trx, orderId, why, caller.sub));
    await this.afterCommit(lines);
    return lines.length > 0;
  }

  /** Stops the order's expiry clock. True when the reservation holds (confirmed or consumed); false when there is none or it was released. */
  async confirm(identity: Identity | null, orderId: string): Promise<boolean> {
    assertService(identity);
    validateOrderId(orderId);
    // A sweeper holding the row is waited for; the update then re-checks the status it left.
    const status = await this.repos.reservations.confirm(orderId);
    return status === 'CONFIRMED' || status === 'CONSUMED';
  }

  /**
   * `confirm` for several orders at once (orders' batched fast path): the ACTIVE reservations of these
   * orders become CONFIRMED in one statement. Returns how many it confirmed.
   */
  async confirmOrders(identity: Identity | null, orderIds: readonly string[]): Promise<number> {
    assertService(identity);
    validateOrderIds(orderIds);
    return this.confirmMany(orderIds);
  }

  /** Confirms the ACTIVE reservations of these orders in one statement (the `orders.confirmed` consumer); the others are left as they are. Returns how many. */
  async confirmMany(orderIds: readonly string[]): Promise<number> {
    return this.repos.reservations.confirmMany(orderIds);
  }

  /**
   * Releases the order's reservation inside `trx` if it still holds units; returns the stock rows
   * changed (empty when there was nothing to release). The caller invalidates them after its commit.
   */
  async releaseInTransaction(trx: Knex, orderId: string, reason: string, actor: string): Promise<StockLine[]> {
    const repos = createRepositories(trx);
    const reservation = await repos.reservations.lockByOrderId(orderId);
    if (!reservation || !HOLDING.includes(reservation.status)) return [];
    return this.releaseLocked(trx, [reservation], reason, actor);
  }

  /**
   * Packing: the packed units leave the shelf (`on_hand` and `reserved` both drop), whatever was held
   * but not packed goes back to free stock, and the reservation is CONSUMED. Nothing happens for an
   * order without a holding reservation (seeded orders, or one released before packing). Returns the
   * stock rows changed.
   */
  async consumeInTransaction(trx: Knex, packed: PackedOrder, actor: string): Promise<StockLine[]> {
    const repos = createRepositories(trx);
    const reservation = await repos.reservations.lockByOrderId(packed.orderId);
    if (!reservation || !HOLDING.includes(reservation.status)) {
      this.deps.log.warn({ orderId: packed.orderId, status: reservation?.status ?? null }, 'packed order holds no stock here; nothing consumed');
      return [];
    }
    if (packed.storeId !== reservation.storeId) {
      // The stock was held in the reservation's store; that is the shelf the units came from.
      this.deps.log.warn({ orderId: packed.orderId, packedAt: packed.storeId, reservedAt: reservation.storeId }, 'packed in another store than reserved');
    }
    const held = await repos.reservations.itemsOf([reservation.id]);
    const plan = consumptionPlan(held, packed.items);
    if (plan.surplus.length) this.deps.log.warn({ orderId: packed.orderId, surplus: plan.surplus }, 'more packed than was reserved; the surplus is not taken off the shelf');
    const rows = await repos.stock.unreserveMany(plan.lines.map((line) => ({ storeId: reservation.storeId, ...line })));
    const after = new Map(rows.map((row) => [row.productId, row]));
    const changes = plan.lines.map((line): Omit<InventoryChangeRecord, 'at'> => {
      const stock = after.get(line.productId)!;
      return {
        id: newChangeId(),
        storeId: reservation.storeId,
        productId: line.productId,
        kind: 'CONSUME',
        delta: -line.packed,
        reservedDelta: -line.reserved,
        reason:
          line.packed === line.reserved
            ? `packed for order ${packed.orderId}`
            : `packed ${line.packed} of ${line.reserved} for order ${packed.orderId}; the rest released`,
        onHandAfter: stock.onHand,
        reservedAfter: stock.reserved,
        actor,
        reservationId: reservation.id,
      };
    });
    await repos.reservations.markConsumed(reservation.id, plan.lines);
    await this.record(trx, changes, new Map([[reservation.id, reservation.orderId]]));
    return changes.map(({ storeId, productId }) => ({ storeId, productId }));
  }

  /**
   * Releases up to `batchSize` ACTIVE reservations past their expiry in one transaction (`FOR UPDATE SKIP
   * LOCKED`, so several replicas can sweep at once). Returns how many were released; call again while it
   * returns a full batch.
   */
  async sweepExpired(batchSize = SWEEP_BATCH): Promise<number> {
    const { count, lines } = await this.deps.db.transaction(async (trx) => {
      const expired = await createRepositories(trx).reservations.lockExpired(batchSize);
      if (expired.length === 0) return { count: 0, lines: [] as StockLine[] };
      return { count: expired.length, lines: await this.releaseLocked(trx, expired, 'expired: the order was not confirmed in time', SWEEPER_ACTOR) };
    });
    await this.afterCommit(lines);
    return count;
  }

  /**
   * Drops the cached free units of changed rows and kicks the relay. Call after the commit only: an
   * invalidation before it would let a concurrent reader cache the pre-commit numbers again. A failure
   * here only delays the cache: the `inventory.changed` consumer invalidates the same rows.
   */
  async afterCommit(lines: readonly StockLine[]): Promise<void> {
    if (lines.length === 0) return;
    this.deps.relay.kick();
    await this.deps.stockCache
      .invalidate(lines)
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'stock cache invalidation failed; the event consumer will retry it'));
  }

  /** The answer for an order that already has a reservation (a retry, or a concurrent duplicate that lost). */
  private existingOutcome(reservation: ReservationRecord): ReserveOutcome {
    if (reservation.status === 'RELEASED') {
      throw appError(ErrorCode.INVALID_STATE, `The reservation of order ${reservation.orderId} was released (${reservation.releasedReason}); it cannot be made again`, {
        reservationId: reservation.id,
      });
    }
    return {
      kind: 'reserved',
      reservationId: reservation.id,
      storeId: reservation.storeId,
      expiresAt: reservation.expiresAt,
      distanceMeters: reservation.distanceMeters,
    };
  }

  /**
   * One store, one transaction: the reservation, every line held at once, its lines and its history
   * rows in one statement (`reservations.hold`: the reservation row first, so a concurrent duplicate
   * waits there, then fails; then the stock rows locked in product order and held by one conditional
   * UPDATE), then the events. Any line no longer free rolls everything back ('taken'), and the caller
   * tries the next store. Two round trips with BEGIN and COMMIT (the events' INSERT carries it), whatever
   * the number of lines.
   */
  private async tryReserveAt(
    candidate: StoreAtDistance,
    request: ReserveRequest,
    actor: string,
  ): Promise<{ reservation: ReservationRecord; lines: StockLine[] } | 'taken' | 'duplicate'> {
    const storeId = candidate.store.id;
    try {
      return await this.deps.db.transaction(async (trx) => {
        const held = await createRepositories(trx).reservations.hold({
          id: newId('res'),
          orderId: request.orderId,
          storeId,
          distanceMeters: Math.round(candidate.distanceMeters),
          ttlSeconds: request.ttlSeconds,
          requestedBy: actor,
          lines: request.items.map((item) => ({ ...item, changeId: newChangeId() })),
          reason: `reserved for order ${request.orderId}`,
        });
        if (!held) throw new LineTaken();
        // The last statement: it carries the COMMIT.
        await this.enqueueChanges(trx, held.changes, new Map([[held.reservation.id, request.orderId]]), { endsTransaction: true });
        return { reservation: held.reservation, lines: request.items.map((item) => ({ storeId, productId: item.productId })) };
      });
    } catch (error) {
      if (error instanceof LineTaken) return 'taken';
      if (isDuplicateOrder(error)) return 'duplicate';
      throw error;
    }
  }

  /**
   * Gives back every unit the (locked, holding) reservations hold: the stock rows locked in (store,
   * product) order and changed in one UPDATE, a history row and an event per reservation and row, then
   * marks them RELEASED.
   */
  private async releaseLocked(trx: Knex, reservations: readonly ReservationRecord[], reason: string, actor: string): Promise<StockLine[]> {
    const repos = createRepositories(trx);
    const items = await repos.reservations.itemsOf(reservations.map((r) => r.id));
    const steps = releaseSteps(items);
    const rows = await repos.stock.unreserveMany(steps.map((step) => ({ storeId: step.storeId, productId: step.productId, reserved: step.quantity })));
    const changes: Omit<InventoryChangeRecord, 'at'>[] = [];
    steps.forEach((step, s) => {
      const stock = rows[s]!;
      const after = reservedAfterEachShare(step, stock.reserved);
      step.shares.forEach((share, i) =>
        changes.push({
          id: newChangeId(),
          storeId: step.storeId,
          productId: step.productId,
          kind: 'RELEASE',
          delta: 0,
          reservedDelta: -share.quantity,
          reason,
          onHandAfter: stock.onHand,
          reservedAfter: after[i]!,
          actor,
          reservationId: share.reservationId,
        }),
      );
    });
    await repos.reservations.markReleased(
      reservations.map((r) => r.id),
      reason,
    );
    await this.record(trx, changes, new Map(reservations.map((r) => [r.id, r.orderId])));
    return [...new Map(changes.map((c) => [`${c.storeId}\u0000${c.productId}`, { storeId: c.storeId, productId: c.productId }])).values()];
  }

  /** Writes the history rows and their `inventory.changed` events in `trx`: one statement for the rows, one for the events. */
  private async record(trx: Knex, changes: readonly Omit<InventoryChangeRecord, 'at'>[], orderOf: ReadonlyMap<string, string>): Promise<void> {
    await this.enqueueChanges(trx, await createRepositories(trx).history.insertChanges(changes), orderOf);
  }

  /** The `inventory.changed` events of written history rows, in `trx`'s outbox, in one statement (with `endsTransaction`, its COMMIT too). */
  private async enqueueChanges(trx: Knex, written: readonly InventoryChangeRecord[], orderOf: ReadonlyMap<string, string>, opts: { endsTransaction?: boolean } = {}): Promise<void> {
    await enqueueInventoryChanges(
      trx,
      written.map((change) => changeEvent(change, change.reservationId ? (orderOf.get(change.reservationId) ?? null) : null)),
      opts,
    );
  }
}
