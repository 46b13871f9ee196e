import { appError, badInput, ErrorCode, forbidden, newId, type Identity, type Knex, type Logger, type OutboxRelay } from '@qc/shared';
import type { AvailabilityClient, ReservationResult } from '../data/clients/availability';
import type { CatalogClient } from '../data/clients/catalog';
import { createInStatus, createRepositories, transition, type IdempotencyRecord, type OrderRecord } from '../data';
import { assertMayCancel } from '../domain/cancel';
import { cancellationRefund, cancellationRefundId, nothingOwed, voidRefundId } from '../domain/refunds';
import { requestHash } from '../domain/idempotency';
import type { OrderStatus } from '../domain/order-status';
import { describeProblems, priceCart, validatePlaceOrder, type PlaceOrderRequest } from '../domain/place-order';
import type { PlacementOutcome, ShortItem } from '../domain/placement-outcome';
import { orderConfirmed } from '../events/publish';
import type { PaymentService } from '../data/payment-provider';
import { settleRefund } from './refunds';
import type { ReservationConfirmations } from './confirmations';

/** Everything the ordering path talks to; built once per process by `createOrdering`. */
export interface OrderingDeps {
  db: Knex;
  log: Logger;
  relay: OutboxRelay;
  payments: PaymentService;
  catalog: CatalogClient;
  availability: AvailabilityClient;
  /** The fast path of reservation confirmations, batched (`orders.confirmed` is the durable one). */
  confirmations: ReservationConfirmations;
  reservationTtlSeconds: number;
  idempotencyLeaseMs: number;
  idempotencyWaitMs: number;
}

/** The actor recorded for changes orders makes on its own (not on a person's behalf). */
export const ORDERS_ACTOR = 'orders';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const keyReused = () =>
  badInput('This idempotency key was already used for a different order. Use a new key for a new order.', 'idempotencyKey');

/** A customer token whose customer has no account here (the claim finds none): nothing is claimed or placed. */
export const noAccount = () => forbidden('There is no customer account for this sign-in');

const unavailable = (what: string) =>
  appError(ErrorCode.UNAVAILABLE, `${what}, so nothing was reserved or charged. Please retry with the same idempotency key.`);

type Claimed = { own: IdempotencyRecord } | { outcome: PlacementOutcome };

/**
 * A placement's outcome, with the order as this placement recorded it: what a read right after the
 * commit returns, so the answer needs no read. Absent when the outcome was replayed or names no order.
 */
export type Placed = PlacementOutcome & { order?: OrderRecord };

const outOfStockReason = (items: readonly ShortItem[]) =>
  `out of stock: ${items.map((i) => `${i.productId} (${i.requested} requested, ${i.available} available)`).join(', ')}`;

/**
 * The ordering use cases: placing an order (idempotent, no oversell, payment behind a breaker) and
 * cancelling one. Every status change goes through `transition`, every event through the outbox.
 */
export class Ordering {
  /** Placements under way in this process, by customer and key: duplicates wait for the first. */
  private readonly inflight = new Map<string, { hash: string; promise: Promise<Placed> }>();

  constructor(private readonly deps: OrderingDeps) {}

  /**
   * Places an order for `customerId`. Bad input answers at once and claims nothing; a customer without
   * an account here is FORBIDDEN (the claim finds out) and claims nothing; otherwise the idempotency key
   * is claimed and the outcome is kept with it, so every retry with the same key and the same request
   * gets the same outcome (declines included), however many arrive at once.
   */
  async placeOrder(customerId: string, request: PlaceOrderRequest, requestId?: string): Promise<Placed> {
    const problems = validatePlaceOrder(request);
    if (problems.length) return { kind: 'invalid', message: describeProblems(problems), problems };
    const hash = requestHash(request);
    const flightKey = `${customerId}\u0000${request.idempotencyKey}`;
    const running = this.inflight.get(flightKey);
    if (running) {
      if (running.hash !== hash) throw keyReused();
      return running.promise;
    }
    const promise = this.claimAndPlace(customerId, request, hash, requestId).finally(() => this.inflight.delete(flightKey));
    this.inflight.set(flightKey, { hash, promise });
    return promise;
  }

  private async claimAndPlace(customerId: string, request: PlaceOrderRequest, hash: string, requestId?: string): Promise<Placed> {
    const claimed = await this.claim(customerId, request.idempotencyKey, hash);
    if ('outcome' in claimed) return claimed.outcome;
    return this.place(claimed.own, request, requestId);
  }

  /**
   * Claims the key, or waits (bounded) for whoever holds it: their outcome is ours. A claim whose owner
   * died (lease over) is taken over with its order id; one given up after a failure is claimed afresh.
   */
  private async claim(customerId: string, key: string, hash: string): Promise<Claimed> {
    const repo = createRepositories(this.deps.db).idempotency;
    const deadline = Date.now() + this.deps.idempotencyWaitMs;
    let delay = 10;
    for (;;) {
      const claim = await repo.claim({ customerId, key, requestHash: hash, orderId: newId('ord'), leaseMs: this.deps.idempotencyLeaseMs });
      if ('unknownCustomer' in claim) throw noAccount();
      const { claimed, record } = claim;
      if (claimed && record) return { own: record };
      if (record) {
        if (record.requestHash !== hash) throw keyReused();
        if (record.status === 'COMPLETED') return { outcome: record.outcome! };
        if (record.lockedUntil.getTime() < Date.now()) {
          const taken = await repo.takeOver(customerId, key, this.deps.idempotencyLeaseMs);
          if (taken) {
            this.deps.log.warn({ customerId, orderId: taken.orderId }, 'took over an abandoned placement');
            return { own: taken };
          }
        }
      }
      if (Date.now() >= deadline) {
        throw appError(ErrorCode.UNAVAILABLE, 'An order with this idempotency key is still being placed. Please retry with the same key in a moment.');
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 200);
    }
  }

  private async place(claim: IdempotencyRecord, request: PlaceOrderRequest, requestId?: string): Promise<Placed> {
    const { orderId, customerId } = claim;
    const placedAt = new Date();
    const giveUp = async (what: string, error: unknown): Promise<never> => {
      this.deps.log.warn({ err: error, orderId }, `${what}; placement given up`);
      await createRepositories(this.deps.db).idempotency.release(customerId, claim.key, orderId);
      throw unavailable(what);
    };

    let prices: Awaited<ReturnType<CatalogClient['prices']>>;
    try {
      prices = await this.deps.catalog.prices(request.items.map((i) => i.productId), requestId);
    } catch (error) {
      return giveUp('The catalog could not price the cart right now', error);
    }
    const cart = priceCart(request.items, prices);
    if (!cart.ok) return this.finishWithoutOrder(claim, { kind: 'invalid', message: describeProblems(cart.problems), problems: cart.problems });

    let reservation: ReservationResult;
    try {
      reservation = await this.deps.availability.reserve(
        { orderId, location: request.deliveryLocation, items: request.items, ttlSeconds: this.deps.reservationTtlSeconds },
        requestId,
      );
    } catch (error) {
      // It may have been made before the call failed: give it back now rather than at expiry.
      this.releaseQuietly(orderId, 'the reservation call failed', requestId);
      return giveUp('Stock could not be reserved right now', error);
    }
    if (reservation.kind === 'not_deliverable') return this.finishWithoutOrder(claim, { kind: 'not_deliverable', reason: reservation.reason });

    const base = { claim, request, placedAt, cart };
    if (reservation.kind === 'out_of_stock') {
      const outcome: PlacementOutcome = { kind: 'rejected', orderId, items: reservation.items };
      try {
        return await this.record({ ...base, outcome, status: 'REJECTED', storeId: null, reason: outOfStockReason(reservation.items) });
      } catch (error) {
        return giveUp('The order could not be recorded', error);
      }
    }

    const payment = await this.deps.payments.authorize({ orderId, customerId, amountCents: cart.totalCents, currency: cart.currency, method: request.paymentMethod });
    if (payment.outcome !== 'authorized') {
      const outcome: PlacementOutcome = { kind: 'declined', orderId, reason: payment.reason };
      let recorded: Placed;
      try {
        recorded = await this.record({ ...base, outcome, status: 'PAYMENT_FAILED', storeId: null, reason: payment.reason, payment: { paymentId: null, failure: payment.reason } });
      } catch (error) {
        await this.releaseQuietly(orderId, 'payment failed', requestId);
        return giveUp('The order could not be recorded', error);
      }
      // The PAYMENT_FAILED event releases it too; this is the fast path, so the stock is free when we answer.
      // Not when a retry that took the key over recorded another outcome for this order first.
      if (recorded.kind === 'declined') await this.releaseQuietly(orderId, 'payment failed', requestId);
      return recorded;
    }

    const outcome: PlacementOutcome = { kind: 'placed', orderId };
    let recorded: Placed;
    try {
      recorded = await this.record({
        ...base,
        outcome,
        status: 'CONFIRMED',
        storeId: reservation.storeId,
        reason: 'payment authorized',
        payment: { paymentId: payment.paymentId, failure: null },
        reservationId: reservation.reservationId,
      });
    } catch (error) {
      this.releaseQuietly(orderId, 'the order could not be recorded', requestId);
      void this.deps.payments.refund({ paymentId: payment.paymentId, refundId: voidRefundId(payment.paymentId), amountCents: cart.totalCents, currency: cart.currency });
      return giveUp('The order could not be recorded', error);
    }
    if (recorded.kind !== 'placed') {
      // A retry that took the key over recorded a failure for this order first: give our authorization back.
      void this.deps.payments.refund({ paymentId: payment.paymentId, refundId: voidRefundId(payment.paymentId), amountCents: cart.totalCents, currency: cart.currency });
      return recorded;
    }
    // The orders.confirmed event confirms it too; this is the fast path (batched), not awaited by the customer.
    this.deps.confirmations.add(orderId);
    return recorded;
  }

  /** Keeps an outcome that recorded no order (not deliverable, unknown products) with the key. */
  private async finishWithoutOrder(claim: IdempotencyRecord, outcome: PlacementOutcome): Promise<PlacementOutcome> {
    const done = await createRepositories(this.deps.db).idempotency.complete(claim.customerId, claim.key, claim.orderId, outcome);
    return done ? outcome : this.replay(claim);
  }

  /**
   * Records the order in its first status after PENDING, with items, history, payment, outbox events
   * and the key's outcome, in one statement (one round trip: `createInStatus`); then wakes the relay.
   */
  private async record(p: {
    claim: IdempotencyRecord;
    request: PlaceOrderRequest;
    placedAt: Date;
    cart: Extract<ReturnType<typeof priceCart>, { ok: true }>;
    outcome: PlacementOutcome;
    status: Extract<OrderStatus, 'CONFIRMED' | 'PAYMENT_FAILED' | 'REJECTED'>;
    storeId: string | null;
    reason: string;
    payment?: { paymentId: string | null; failure: string | null };
    reservationId?: string;
  }): Promise<Placed> {
    const { claim, request, cart } = p;
    const orderId = claim.orderId;
    const address = { ...request.address, lat: request.deliveryLocation.lat, lng: request.deliveryLocation.lng };
    const pending = {
      id: orderId,
      customerId: claim.customerId,
      storeId: p.storeId,
      courierId: null,
      status: 'PENDING' as const,
      currency: cart.currency,
      totalCents: cart.totalCents,
      address,
      placedAt: p.placedAt,
      updatedAt: p.placedAt,
      items: cart.items,
      history: [{ from: null, to: 'PENDING' as const, actor: claim.customerId, reason: null, at: p.placedAt }],
    };
    const payment = p.payment && {
      orderId,
      provider: this.deps.payments.provider.name,
      method: request.paymentMethod,
      providerPaymentId: p.payment.paymentId,
      amountCents: cart.totalCents,
      currency: cart.currency,
      status: p.payment.paymentId ? ('AUTHORIZED' as const) : ('FAILED' as const),
      failureReason: p.payment.failure,
    };
    // Written straight in its status, with orders.status_changed and (when confirmed) orders.confirmed.
    // Null when a request that took the key over finished first: nothing was written; replay theirs.
    const written = await createInStatus(this.deps.db, { order: pending, key: claim.key, outcome: p.outcome, payment: payment ?? null }, p.status, ORDERS_ACTOR, p.reason, (change) =>
        p.status === 'CONFIRMED'
          ? [
              orderConfirmed({
                orderId,
                customerId: claim.customerId,
                storeId: p.storeId!,
                reservationId: p.reservationId!,
                items: cart.items,
                totalCents: cart.totalCents,
                currency: cart.currency,
                deliveryLocation: request.deliveryLocation,
                confirmedAt: change.at.toISOString(),
              }),
            ]
          : [],
    );
    if (!written) return this.replay(claim);
    this.deps.relay.kick();
    return { ...p.outcome, order: written };
  }

  /** The outcome someone else recorded for this key. */
  private async replay(claim: IdempotencyRecord): Promise<PlacementOutcome> {
    const record = await createRepositories(this.deps.db).idempotency.find(claim.customerId, claim.key);
    if (record?.status !== 'COMPLETED') throw new Error(`idempotency key of ${claim.orderId} lost without an outcome`);
    return record.outcome!;
  }

  private releaseQuietly(orderId: string, reason: string, requestId?: string): Promise<void> {
    return this.deps.availability.release(orderId, reason, requestId).then(
      () => undefined,
      (error: unknown) => this.deps.log.warn({ err: error, orderId }, 'releaseReservation failed; the event or the expiry will release it'),
    );
  }

  /**
   * Cancels an order for `identity` (who may, when: `assertMayCancel`, checked on the locked row),
   * releases its stock and refunds it. Returns the order as it ends up and whether the refund went
   * through; if the provider is down the order stays CANCELLED until `retryOwedRefunds` succeeds.
   */
  async cancelOrder(identity: Identity, orderId: string, reason: string, requestId?: string): Promise<{ order: OrderRecord; refunded: boolean }> {
    let { order } = await this.deps.db.transaction((trx) =>
      transition(trx, orderId, 'CANCELLED', identity.sub, reason, { guard: (current) => assertMayCancel(identity, current) }),
    );
    this.deps.relay.kick();
    // The CANCELLED event releases it too; this is the fast path. Stock already packed stays consumed.
    await this.releaseQuietly(orderId, `order cancelled: ${reason}`, requestId);
    const refunded = await this.refund(orderId);
    if (refunded) order = (await createRepositories(this.deps.db).orders.findByIds([orderId]))[0] ?? order;
    return { order, refunded };
  }

  /**
   * Gives the money of a cancelled order back and moves it to REFUNDED. The cancellation's refund is
   * the remainder of the authorization after the refunds already in the ledger (missing items), added
   * once, then every refund of the order still owed is asked of the provider. True when the order is
   * REFUNDED (or nothing was owed); false while any of its refunds is owed (the provider could not be
   * reached) or it is not cancelled. Safe to run twice at once.
   */
  async refund(orderId: string): Promise<boolean> {
    if (!(await this.addCancellationRefund(orderId))) return false;
    const owed = (await createRepositories(this.deps.db).refunds.findByOrderId(orderId)).filter((r) => r.status === 'OWED');
    for (const r of owed) await settleRefund(this.deps.db, this.deps.payments, this.deps.log, r.id);
    return this.finishRefund(orderId);
  }

  /**
   * Under the order's row lock (so no missing-item refund is added meanwhile; after CANCELLED none is),
   * adds the cancellation refund to the ledger if it is not there yet. False unless the order is
   * CANCELLED or REFUNDED.
   */
  private addCancellationRefund(orderId: string): Promise<boolean> {
    return this.deps.db.transaction(async (trx) => {
      const repos = createRepositories(trx);
      const order = await repos.orders.lockById(orderId);
      if (order?.status !== 'CANCELLED') return order?.status === 'REFUNDED';
      const payment = await repos.payments.findByOrderId(orderId);
      if (payment?.status !== 'AUTHORIZED') return true;
      const refund = cancellationRefund(payment.amountCents, await repos.refunds.findByOrderId(orderId));
      if (refund) await repos.refunds.insertOwed({ id: cancellationRefundId(orderId), orderId, kind: 'CANCELLATION', amountCents: refund.amountCents, currency: payment.currency });
      return true;
    });
  }

  /** CANCELLED → REFUNDED (payment row REFUNDED) once nothing of the order's ledger is owed. */
  private async finishRefund(orderId: string): Promise<boolean> {
    const finished = await this.deps.db.transaction(async (trx) => {
      const repos = createRepositories(trx);
      const current = await repos.orders.lockById(orderId);
      if (current?.status !== 'CANCELLED') return current?.status === 'REFUNDED'; // refunded meanwhile by a concurrent run
      if (!nothingOwed(await repos.refunds.findByOrderId(orderId))) return false;
      const charged = (await repos.payments.findByOrderId(orderId))?.status === 'AUTHORIZED';
      await repos.payments.markRefunded(orderId);
      await transition(trx, orderId, 'REFUNDED', ORDERS_ACTOR, charged ? 'payment refunded' : 'nothing was charged', { locked: current });
      return true;
    });
    this.deps.relay.kick();
    return finished;
  }

  /**
   * Retries every refund the provider refused, partial ones included (oldest first), and finishes the
   * cancelled orders they belong to; cancelled orders without their cancellation refund in the ledger
   * yet (the process stopped in between) get it first. Returns how many refunds went through.
   */
  async retryOwedRefunds(limit = 50): Promise<number> {
    const repos = createRepositories(this.deps.db);
    const cancelled = (await repos.payments.findOwedRefunds(limit)).map((p) => p.orderId);
    for (const orderId of cancelled) await this.addCancellationRefund(orderId);
    const orders = new Set(cancelled);
    let done = 0;
    for (const r of await repos.refunds.findOwed(limit)) {
      orders.add(r.orderId);
      if (await settleRefund(this.deps.db, this.deps.payments, this.deps.log, r.id)) done += 1;
    }
    for (const orderId of orders) await this.finishRefund(orderId);
    return done;
  }
}
