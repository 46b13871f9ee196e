import { newId, type Knex } from '@qc/shared';
import type { DispatchSettings } from '../config';
import {
  createRepositories,
  type DispatchJobRecord,
  type EscalationReason,
  type GeoPoint,
  type OfferRecord,
  type Repositories,
  type ReportedPosition,
  type VehicleType,
  type WaitPatch,
} from '../data';
import { afterMiss, attemptsExhausted, maxRadiusLevel, noCourierDeadline, onEmptySearch, searchRadius } from '../domain/dispatch-policy';
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

/** What a look at a waiting job decided, before anything is written. */
type Plan =
  | { kind: 'SKIP' }
  | { kind: 'ESCALATE'; reason: EscalationReason }
  | { kind: 'WAIT'; why: 'NOT_READY' | 'NO_COURIER'; patch: WaitPatch }
  | { kind: 'OFFER'; choices: Choice[]; radiusLevel: number };

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
  /** Couriers' newest positions since the last `wakeAwaiting`, one per courier. */
  private reported = new Map<string, ReportedPosition>();

  constructor(private readonly deps: DispatchDeps) {}

  private get settings(): DispatchSettings {
    return this.deps.settings;
  }

  /**
   * One dispatcher run: looks up missing store locations, then looks at every waiting order that is
   * due: the ones that are only to wait again (most looks while nobody is free) are rescheduled without
   * a lock, all in one statement after the run's looks (`updateManyUnchanged`); the others, and any
   * written meanwhile, go through `dispatchOrder`. True when a full batch was due (there may be more).
   */
  async dispatchDue(): Promise<boolean | { nextInMs: number }> {
    await this.resolveStoreLocations();
    const repos = createRepositories(this.deps.db);
    const due = await repos.dispatchJobs.findDue(DISPATCH_BATCH);
    // A wait writes nothing another look reads (only its own job's schedule), so the waits can go last.
    const waits: { orderId: string; version: string; patch: WaitPatch }[] = [];
    for (const { job, version } of due) {
      await this.tryOrder(job.orderId, async () => {
        const plan = await this.plan(repos, job, new Date());
        if (plan.kind === 'WAIT') waits.push({ orderId: job.orderId, version, patch: plan.patch });
        else await this.dispatchOrder(job.orderId);
      });
    }
    let written: Set<string> | undefined;
    try {
      written = await repos.dispatchJobs.updateManyUnchanged(waits);
    } catch (error) {
      // Their schedules are unchanged, so they are due again at the next run.
      this.deps.log.error({ err: error, orderIds: waits.map((w) => w.orderId) }, 'rescheduling waiting orders failed; will try again');
    }
    // Written since it was read: decide again under the lock.
    for (const { orderId } of waits) if (written && !written.has(orderId)) await this.tryOrder(orderId, () => this.dispatchOrder(orderId));
    if (due.length === DISPATCH_BATCH) return true;
    return { nextInMs: this.untilDue(await repos.dispatchJobs.nextCheckInMs(), this.settings.dispatchIntervalMs) };
  }

  /** One order's part of a dispatcher run; a failure is logged and leaves the order to the next run. */
  private async tryOrder(orderId: string, look: () => Promise<unknown>): Promise<void> {
    try {
      await look();
    } catch (error) {
      this.deps.log.error({ err: error, orderId }, 'dispatching an order failed; will try again');
    }
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
      if (!job) return { kind: 'SKIPPED' };
      const plan = await this.plan(repos, job, new Date());
      if (plan.kind === 'SKIP') return { kind: 'SKIPPED' };
      if (plan.kind === 'ESCALATE') return this.escalate(trx, repos, job, plan.reason);
      if (plan.kind === 'WAIT') {
        await repos.dispatchJobs.update(orderId, ['WAITING'], plan.patch);
        return { kind: 'WAITING', why: plan.why };
      }
      for (const choice of plan.choices) {
        // Another dispatcher may have offered this courier something since the search: next one.
        if (!(await moveCourier(trx, repos, choice.courierId, 'IDLE', 'OFFERED'))) continue;
        return { kind: 'OFFERED', offer: await this.offer(trx, repos, job, choice, plan.radiusLevel) };
      }
      await repos.dispatchJobs.update(orderId, ['WAITING'], { radiusLevel: plan.radiusLevel, dueSince: 'now', nextCheckAt: null });
      return { kind: 'WAITING', why: 'RACED' };
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
   * What to do with a waiting job now: escalate it after too many misses; otherwise find the free
   * couriers within the current radius (widening it when there are none), rank them, and apply the
   * readiness rule. Reads only; the caller writes the plan.
   */
  private async plan(repos: Repositories, job: DispatchJobRecord, now: Date): Promise<Plan> {
    if (!job.storeId || !job.storeLocation || !job.dropoffLocation || (!job.packedAt && !job.promisedReadyAt)) return { kind: 'SKIP' };
    const rules = this.settings.search;
    if (attemptsExhausted(job.attempts, rules)) return { kind: 'ESCALATE', reason: 'ATTEMPTS_EXHAUSTED' };
    // Read once, and only when a search finds someone it could filter out.
    let asked: Promise<Set<string>> | undefined;
    const askedAbout = () => (asked ??= repos.offers.courierIdsAskedAbout(job.orderId).then((ids) => new Set(ids)));
    let radiusLevel = job.radiusLevel;
    const widest = maxRadiusLevel(rules);
    // The widest radius' search, once made (see the widening below).
    let widestChoices: Choice[] | undefined;
    for (;;) {
      const choices =
        radiusLevel === widest && widestChoices ? widestChoices : await this.candidates(repos, job.storeLocation, searchRadius(radiusLevel, rules), askedAbout, now);
      const best = choices[0];
      const timing = this.timing(job, now, best?.etaSeconds ?? 0);
      if (!best) {
        const decision = onEmptySearch({ radiusLevel, dueSince: job.dueSince }, now, rules);
        if (decision.kind === 'WIDEN') {
          radiusLevel = decision.radiusLevel;
          // Nobody free here: the widest radius is searched next. Nobody free there means nobody free at any
          // radius between (a smaller radius' nearest positions are the first of the widest one's), so the
          // job goes straight to the widest level's decision: two searches instead of one per level, the
          // common case when no courier is free near the store. Someone free there, and the radius widens
          // one level at a time as before, so the nearest radius with someone free still wins.
          if (radiusLevel < widest && !widestChoices) {
            widestChoices = await this.candidates(repos, job.storeLocation, searchRadius(widest, rules), askedAbout, now);
            if (widestChoices.length === 0) radiusLevel = widest;
          }
          continue;
        }
        // Nobody free even at the widest radius: looking again on a timer would find nobody again, so the
        // job sleeps until a free courier reports near its store (`wakeAwaiting`) or its own deadline
        // comes: the time the bag wants a courier, then the no-courier timeout.
        if (!timing.offerNow) {
          const readyAt = this.timing(job, now, 0, Number.POSITIVE_INFINITY);
          const nextCheckAt = readyAt.offerNow ? now : readyAt.recheckAt;
          return { kind: 'WAIT', why: 'NOT_READY', patch: { radiusLevel, nextCheckAt, awaitingCourier: true } };
        }
        if (decision.kind === 'ESCALATE') return { kind: 'ESCALATE', reason: 'NO_COURIER_AVAILABLE' };
        const deadline = noCourierDeadline(job.dueSince, now, rules);
        return { kind: 'WAIT', why: 'NO_COURIER', patch: { radiusLevel, dueSince: 'now', nextCheckAt: deadline, awaitingCourier: true } };
      }
      if (!timing.offerNow) return { kind: 'WAIT', why: 'NOT_READY', patch: { radiusLevel, nextCheckAt: timing.recheckAt, awaitingCourier: false } };
      return { kind: 'OFFER', choices, radiusLevel };
    }
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

  private timing(job: DispatchJobRecord, now: Date, etaToStoreSeconds: number, maxRecheckMs = this.settings.maxRecheckMs) {
    return offerTiming({
      now,
      packedAt: job.packedAt,
      promisedReadyAt: job.promisedReadyAt,
      etaToStoreSeconds,
      toleranceSeconds: this.settings.readinessToleranceSeconds,
      maxRecheckMs,
    });
  }

  /**
   * Couriers reported where they are (tracking's live feed, once the projection holds it): kept, newest
   * per courier, for the next `wakeAwaiting`.
   */
  couriersReported(positions: readonly ReportedPosition[]): void {
    for (const { courierId, lat, lng } of positions) this.reported.set(courierId, { courierId, lat, lng });
  }

  /**
   * One courier-wake run: the jobs awaiting a courier that one of the couriers reported since the last
   * run could take (IDLE, near the store, never offered the order) are due at once, and the dispatcher
   * is woken for them. Each free courier's app reports every few seconds, so a courier coming free or
   * riding into range wakes the orders around them; nobody free means no work at all, however many
   * orders wait.
   */
  async wakeAwaiting(): Promise<void> {
    if (this.reported.size === 0) return;
    const reported = [...this.reported.values()];
    this.reported = new Map();
    const woken = await createRepositories(this.deps.db).dispatchJobs.wakeNear(reported, this.settings.search.maxRadiusMeters);
    if (woken.length) this.deps.wake();
  }

  /** Free couriers with a fresh position within `radius` of the store, not asked before, best first. */
  private async candidates(repos: Repositories, store: GeoPoint, radius: number, asked: () => Promise<Set<string>>, now: Date): Promise<Choice[]> {
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
  private async searchFree(repos: Repositories, store: GeoPoint, radius: number, asked: () => Promise<Set<string>>, now: Date) {
    const { settings } = this;
    for (let count = settings.candidateLimit; ; count = Math.min(count * 4, MAX_CANDIDATE_SCAN)) {
      const page = await this.deps.positions.nearby(store, radius, count, settings.positionMaxAgeMs, now);
      const askedBefore = page.couriers.length ? await asked() : new Set<string>();
      const nearby = page.couriers.filter((n) => !askedBefore.has(n.courierId));
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
    await repos.dispatchJobs.setStoreLocations(found);
    for (const storeId of missing) {
      if (found.has(storeId)) this.unknownStores.delete(storeId);
      else if (!this.unknownStores.has(storeId)) {
        this.unknownStores.add(storeId);
        this.deps.log.error({ storeId }, 'availability does not know this store; its orders cannot be dispatched');
      }
    }
  }
}
