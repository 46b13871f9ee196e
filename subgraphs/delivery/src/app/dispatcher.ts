import { newId, type Knex } from '@qc/shared';
import type { DispatchSettings } from '../config';
import {
  createRepositories,
  type DispatchJobRecord,
  type EscalationReason,
  type GeoPoint,
  type OfferRecord,
  type Repositories,
  type VehicleType,
} from '../data';
import { afterMiss, attemptsExhausted, onEmptySearch, searchRadius } from '../domain/dispatch-policy';
import { offerTiming, travelSeconds } from '../domain/readiness';
import { rankCandidates, searchSettled, type RankedCandidate } from '../domain/scoring';
import { enqueueDeliveryEscalated, enqueueDeliveryOffered } from '../events/publish';
import { moveCourier } from './courier-moves';
import type { DispatchDeps } from './dispatch';

/** What one look at an order did. */
export type DispatchOutcome =
  | { kind: 'OFFERED'; offer: OfferRecord }
  | { kind: 'WAITING'; why: 'NOT_READY' | 'NO_COURIER' | 'RACED' }
  | { kind: 'ESCALATED'; reason: EscalationReason }
  | { kind: 'SKIPPED' };

/** A ranked candidate with how long they need to the store. */
type Choice = RankedCandidate & { vehicle: VehicleType; etaSeconds: number };

/** Due orders looked at per dispatcher run; a full batch means "run again now". */
const DISPATCH_BATCH = 200;
const SWEEP_BATCH = 100;
/**
 * The most positions one search looks at. Far more than a store ever has around it; it bounds the work
 * of a search in a city where nearly everyone is busy.
 */
const MAX_CANDIDATE_SCAN = 5000;

/**
 * Finds the best courier for each waiting order at the right moment and offers it; expires offers
 * nobody answered. Runs from the dispatcher and sweeper loops, and right after a decline.
 */
export class Dispatcher {
  /** The sweeper is in a run, or sleeping with no pending offer to wake it: a new offer must tell it. */
  private sweeping = false;
  private sweeperIdle = true;
  /** Stores already reported as unknown to availability, so the log says it once, not every run. */
  private readonly unknownStores = new Set<string>();

  constructor(private readonly deps: DispatchDeps) {}

  private get settings(): DispatchSettings {
    return this.deps.settings;
  }

  /**
   * One dispatcher run: looks up missing store locations, then looks at every waiting order that is
   * due. True when a full batch was due (there may be more).
   */
  async dispatchDue(): Promise<boolean | { nextInMs: number }> {
    await this.resolveStoreLocations();
    const repos = createRepositories(this.deps.db);
    const due = await repos.dispatchJobs.findDue(DISPATCH_BATCH);
    for (const orderId of due) {
      try {
        await this.dispatchOrder(orderId);
      } catch (error) {
        this.deps.log.error({ err: error, orderId }, 'dispatching an order failed; will try again');
      }
    }
    if (due.length === DISPATCH_BATCH) return true;
    return { nextInMs: this.untilDue(await repos.dispatchJobs.nextCheckInMs(), this.settings.dispatchIntervalMs) };
  }

  /**
   * How long a loop may sleep before `ms` (null: nothing pending) comes due, never less than `minMs`:
   * runs are at most as frequent as when the loops polled every `minMs`, and several jobs due within
   * it share one run. Nothing pending sleeps until a wake or the idle recheck.
   */
  private untilDue(ms: number | null, minMs: number): number {
    return ms === null ? this.settings.idleRecheckMs : Math.max(minMs, Math.ceil(ms));
  }

  /**
   * Looks at one waiting order: escalates it after too many misses; otherwise finds the free couriers
   * within the current radius (widening it when there are none), ranks them, applies the readiness rule,
   * and offers the order to the best one who is still free (compare-and-set IDLE → OFFERED). The job row
   * is locked with SKIP LOCKED, so concurrent dispatchers never work on one order.
   */
  async dispatchOrder(orderId: string): Promise<DispatchOutcome> {
    const outcome = await this.deps.db.transaction(async (trx): Promise<DispatchOutcome> => {
      const repos = createRepositories(trx);
      const job = await repos.dispatchJobs.lockWaiting(orderId);
      if (!job?.storeId || !job.storeLocation || !job.dropoffLocation || (!job.packedAt && !job.promisedReadyAt)) return { kind: 'SKIPPED' };
      const rules = this.settings.search;
      if (attemptsExhausted(job.attempts, rules)) return this.escalate(trx, repos, job, 'ATTEMPTS_EXHAUSTED');

      const now = new Date();
      const asked = new Set(await repos.offers.courierIdsAskedAbout(orderId));
      let radiusLevel = job.radiusLevel;
      for (;;) {
        const choices = await this.candidates(repos, job.storeLocation, searchRadius(radiusLevel, rules), asked, now);
        const best = choices[0];
        const timing = this.timing(job, now, best?.etaSeconds ?? 0);
        if (!best) {
          const decision = onEmptySearch({ radiusLevel, dueSince: job.dueSince }, now, rules);
          if (decision.kind === 'WIDEN') {
            radiusLevel = decision.radiusLevel;
            continue;
          }
          if (!timing.offerNow) {
            await repos.dispatchJobs.update(orderId, ['WAITING'], { radiusLevel, nextCheckAt: timing.recheckAt });
            return { kind: 'WAITING', why: 'NOT_READY' };
          }
          if (decision.kind === 'ESCALATE') return this.escalate(trx, repos, job, 'NO_COURIER_AVAILABLE');
          await repos.dispatchJobs.update(orderId, ['WAITING'], { radiusLevel, dueSince: 'now', nextCheckAt: this.noCourierRecheck(now) });
          return { kind: 'WAITING', why: 'NO_COURIER' };
        }
        if (!timing.offerNow) {
          await repos.dispatchJobs.update(orderId, ['WAITING'], { radiusLevel, nextCheckAt: timing.recheckAt });
          return { kind: 'WAITING', why: 'NOT_READY' };
        }
        for (const choice of choices) {
          // Another dispatcher may have offered this courier something since the search: next one.
          if (!(await moveCourier(trx, repos, choice.courierId, 'IDLE', 'OFFERED'))) continue;
          return { kind: 'OFFERED', offer: await this.offer(trx, repos, job, choice, radiusLevel) };
        }
        await repos.dispatchJobs.update(orderId, ['WAITING'], { radiusLevel, dueSince: 'now', nextCheckAt: null });
        return { kind: 'WAITING', why: 'RACED' };
      }
    });
    if (outcome.kind === 'OFFERED' || outcome.kind === 'ESCALATED') this.deps.relay.kick();
    if (outcome.kind === 'OFFERED') {
      // A sleeping sweeper with pending offers wakes at the earliest deadline, never later than this
      // one's (same window): only one with none, or one mid-run that may not have seen it, is told.
      if (this.sweeping || this.sweeperIdle) this.deps.offered();
      this.deps.log.info({ orderId, courierId: outcome.offer.courierId, attempt: outcome.offer.attempt }, 'order offered');
    }
    return outcome;
  }

  /**
   * One sweeper run: pending offers past their deadline become EXPIRED, their couriers IDLE again, and
   * each order goes to its next courier at once. True when a full batch expired.
   */
  async expireOffers(): Promise<boolean | { nextInMs: number }> {
    this.sweeping = true;
    try {
      const expired = await this.expireBatch();
      if (expired === SWEEP_BATCH) return true;
      const ms = await createRepositories(this.deps.db).offers.nextExpiryInMs();
      this.sweeperIdle = ms === null;
      return { nextInMs: this.untilDue(ms, this.settings.sweepIntervalMs) };
    } finally {
      this.sweeping = false;
    }
  }

  private async expireBatch(): Promise<number> {
    const expired = await this.deps.db.transaction(async (trx) => {
      const repos = createRepositories(trx);
      const offers = await repos.offers.lockExpired(SWEEP_BATCH);
      if (offers.length === 0) return offers;
      const jobs = new Map((await repos.dispatchJobs.findByOrderIds(offers.map((o) => o.orderId))).map((j) => [j.orderId, j]));
      for (const offer of offers) {
        await repos.offers.close(offer.id, 'EXPIRED');
        await moveCourier(trx, repos, offer.courierId, 'OFFERED', 'IDLE');
        const job = jobs.get(offer.orderId);
        if (job) await this.recordMiss(repos, job);
      }
      return offers;
    });
    for (const orderId of new Set(expired.map((o) => o.orderId))) await this.dispatchAfterMiss(orderId);
    if (expired.length) this.deps.log.info({ offers: expired.map((o) => o.id) }, 'offers expired');
    return expired.length;
  }

  private timing(job: DispatchJobRecord, now: Date, etaToStoreSeconds: number) {
    return offerTiming({
      now,
      packedAt: job.packedAt,
      promisedReadyAt: job.promisedReadyAt,
      etaToStoreSeconds,
      toleranceSeconds: this.settings.readinessToleranceSeconds,
      maxRecheckMs: this.settings.maxRecheckMs,
    });
  }

  /** Nobody free at the widest radius: look again soon, couriers come free all the time. */
  private noCourierRecheck(now: Date): Date {
    return new Date(now.getTime() + Math.min(this.settings.maxRecheckMs, 5 * this.settings.dispatchIntervalMs));
  }

  /** Free couriers with a fresh position within `radius` of the store, not asked before, best first. */
  private async candidates(repos: Repositories, store: GeoPoint, radius: number, asked: Set<string>, now: Date): Promise<Choice[]> {
    const { settings } = this;
    const { nearby, idle } = await this.searchFree(repos, store, radius, asked, now);
    const ranked = rankCandidates(
      nearby.flatMap((n) => {
        const courier = idle.get(n.courierId);
        return courier
          ? [{ courierId: n.courierId, distanceMeters: n.distanceMeters, currentLoad: courier.currentLoad, rating: courier.rating, idleSince: courier.idleSince }]
          : [];
      }),
      { bandMeters: settings.distanceBandMeters },
      now,
    );
    return ranked.map((r) => {
      const vehicle = idle.get(r.courierId)!.vehicle;
      return { ...r, vehicle, etaSeconds: travelSeconds(r.distanceMeters, vehicle) };
    });
  }

  /**
   * The fresh positions near the store (not asked before) and which of them are free. The nearest
   * positions are often couriers busy at the store, so the search pages outwards (×4 each time, up to
   * `MAX_CANDIDATE_SCAN`) until more positions could not change the ranking (`searchSettled`).
   */
  private async searchFree(repos: Repositories, store: GeoPoint, radius: number, asked: Set<string>, now: Date) {
    const { settings } = this;
    for (let count = settings.candidateLimit; ; count = Math.min(count * 4, MAX_CANDIDATE_SCAN)) {
      const page = await this.deps.positions.nearby(store, radius, count, settings.positionMaxAgeMs, now);
      const nearby = page.couriers.filter((n) => !asked.has(n.courierId));
      const idle = new Map((await repos.couriers.findIdleByIds(nearby.map((n) => n.courierId))).map((c) => [c.id, c]));
      const nearestFree = nearby.find((n) => idle.has(n.courierId));
      const settled = searchSettled(
        { nearestFreeMeters: nearestFree?.distanceMeters ?? null, reachedMeters: page.reachedMeters, exhausted: page.exhausted },
        { bandMeters: settings.distanceBandMeters },
      );
      if (settled || count >= MAX_CANDIDATE_SCAN) return { nearby, idle };
    }
  }

  private async offer(trx: Knex, repos: Repositories, job: DispatchJobRecord, choice: Choice, radiusLevel: number): Promise<OfferRecord> {
    const deliveryId = job.deliveryId ?? (await repos.deliveries.create(newId('dlv'), job.orderId, 'OFFERED')).id;
    const attempt = job.attempts + 1;
    const offer = await repos.offers.insert({
      id: newId('ofr'),
      orderId: job.orderId,
      deliveryId,
      courierId: choice.courierId,
      attempt,
      distanceMeters: choice.distanceMeters,
      etaSeconds: choice.etaSeconds,
      windowMs: this.settings.offerWindowMs,
    });
    await repos.dispatchJobs.update(job.orderId, ['WAITING'], {
      status: 'OFFERED',
      attempts: attempt,
      radiusLevel,
      deliveryId,
      dueSince: 'now',
      nextCheckAt: null,
    });
    await enqueueDeliveryOffered(trx, {
      orderId: job.orderId,
      deliveryId,
      offerId: offer.id,
      courierId: choice.courierId,
      storeId: offer.storeId,
      attempt,
      expiresAt: offer.expiresAt.toISOString(),
      at: offer.createdAt.toISOString(),
    });
    return offer;
  }

  /** Nobody took the order: its delivery fails (one is created if none was ever offered) and admins see it. */
  private async escalate(trx: Knex, repos: Repositories, job: DispatchJobRecord, reason: EscalationReason): Promise<DispatchOutcome> {
    let deliveryId = job.deliveryId;
    if (deliveryId) await repos.deliveries.compareAndSet(deliveryId, 'OFFERED', 'FAILED');
    else deliveryId = (await repos.deliveries.create(newId('dlv'), job.orderId, 'FAILED')).id;
    await repos.dispatchJobs.update(job.orderId, ['WAITING'], { status: 'ESCALATED', escalationReason: reason, escalatedAt: 'now', deliveryId, nextCheckAt: null });
    await enqueueDeliveryEscalated(trx, { orderId: job.orderId, deliveryId, attempts: job.attempts, reason, at: new Date().toISOString() });
    this.deps.log.warn({ orderId: job.orderId, reason, attempts: job.attempts }, 'order escalated: nobody took it');
    return { kind: 'ESCALATED', reason };
  }

  /** An offer was declined or expired: count the miss (maybe widening the radius) and look for the next courier. */
  async recordMiss(repos: Repositories, job: DispatchJobRecord): Promise<void> {
    const next = afterMiss(job, this.settings.search);
    await repos.dispatchJobs.update(job.orderId, ['OFFERED'], { status: 'WAITING', ...next, nextCheckAt: null });
  }

  /** The next offer right after a miss, not at the next dispatcher run; a failure leaves it to that run. */
  async dispatchAfterMiss(orderId: string): Promise<void> {
    try {
      await this.dispatchOrder(orderId);
    } catch (error) {
      this.deps.log.error({ err: error, orderId }, 'offering to the next courier failed; the dispatcher will retry');
      this.deps.wake();
    }
  }
  /** Looks up the stores waiting orders need; availability being down only delays those orders. */
  private async resolveStoreLocations(): Promise<void> {
    const repos = createRepositories(this.deps.db);
    const missing = await repos.dispatchJobs.storesWithoutLocation(100);
    if (missing.length === 0) return;
    let found: Map<string, GeoPoint>;
    try {
      found = await this.deps.stores.locate(missing);
    } catch (error) {
      this.deps.log.warn({ err: error, stores: missing }, 'store locations unavailable; orders of these stores wait');
      return;
    }
    for (const storeId of missing) {
      const location = found.get(storeId);
      if (location) {
        await repos.dispatchJobs.setStoreLocation(storeId, location);
        this.unknownStores.delete(storeId);
      } else if (!this.unknownStores.has(storeId)) {
        this.unknownStores.add(storeId);
        this.deps.log.error({ storeId }, 'availability does not know this store; its orders cannot be dispatched');
      }
    }
  }
}
