import { appError, ErrorCode, isUniqueViolation, notFound, refusable, Refused, SLOW_BUCKETS, type Outcome } from '@qc/shared';
import { createRepositories, type CourierRecord, type CourierStatus, type OfferRecord, type Repositories, type StoredDeliveryRecord } from '../data';
import { courierStatusChange } from '../domain/courier-status';
import { currentDelivery } from '../domain/current-delivery';
import { planDeliveryTransition } from '../domain/delivery-status';
import { offerAnswerRefusal, offerNotFoundMessage, type OfferRefusal } from '../domain/offers';
import { enqueueDeliveryAssigned, enqueueDeliveryDelivered, enqueueDeliveryPickedUp } from '../events/publish';
import { moveCourier } from './courier-moves';
import type { DispatchDeps } from './dispatch';
import type { Dispatcher } from './dispatcher';

/** The longest proof of delivery we keep (a photo URL or a code). */
const MAX_PROOF_LENGTH = 2000;

/**
 * Why a courier's action was refused, with nothing changed: their status cannot change now, the offer
 * can no longer be answered, the delivery is not ready for the step, or the proof does not fit.
 */
export type CourierRefusalKind = 'STATUS' | 'OFFER_UNAVAILABLE' | 'STEP' | 'PROOF';

/** What a courier's action did: its value, or why it was refused. */
export type CourierOutcome<T> = Outcome<T, CourierRefusalKind>;

const refused = (kind: CourierRefusalKind, message: string) => new Refused<CourierRefusalKind>({ kind, code: ErrorCode.INVALID_STATE, message });

/** Someone else's offer is answered like an unknown one (an error); a closed one is a refusal. */
const refuse = (refusal: OfferRefusal): never => {
  if (refusal.code === 'NOT_FOUND') throw appError(ErrorCode.NOT_FOUND, refusal.message);
  throw refused('OFFER_UNAVAILABLE', refusal.message);
};

/** What a courier does with offers and their delivery; a decline hands the order straight back to the dispatcher. */
export class CourierActions {
  constructor(
    private readonly deps: DispatchDeps,
    private readonly dispatcher: Dispatcher,
  ) {}

  /** The courier goes online (IDLE) or offline; see `courierStatusChange` for what is allowed. */
  setCourierStatus(courierId: string, status: CourierStatus): Promise<CourierOutcome<CourierRecord>> {
    return refusable(() => this.changeStatus(courierId, status));
  }

  private async changeStatus(courierId: string, status: CourierStatus): Promise<CourierRecord> {
    // A status changed by dispatch between our read and our write is read again (bounded).
    for (let tries = 0; tries < 3; tries += 1) {
      const updated = await this.deps.db.transaction(async (trx) => {
        const repos = createRepositories(trx);
        const [courier] = await repos.couriers.findByIds([courierId]);
        if (!courier) throw notFound('Courier', courierId);
        const change = courierStatusChange(courier.status, status);
        // Asking for a status only dispatch sets is a client bug, not a branch: it stays an error.
        if (change.kind === 'REFUSED') throw change.code === 'INVALID_STATE' ? refused('STATUS', change.message) : appError(ErrorCode[change.code], change.message);
        if (change.kind === 'UNCHANGED') return courier;
        return moveCourier(trx, repos, courierId, courier.status, status, { idle: change.idle });
      });
      if (updated) return updated;
    }
    throw refused('STATUS', 'Your status is changing right now; try again');
  }

  /**
   * The offered courier takes the order. The offer is closed by compare-and-set (PENDING and before its
   * deadline), the courier moves OFFERED → BUSY by compare-and-set, and the delivery is assigned under
   * `deliveries_one_active_per_courier`: of two accepts racing for one offer, or one courier accepting
   * two offers, exactly one commits; the other changes nothing and is refused (OFFER_UNAVAILABLE).
   */
  async acceptOffer(courierId: string, offerId: string): Promise<CourierOutcome<StoredDeliveryRecord>> {
    let packedAt: Date | null | undefined;
    const outcome = await refusable<StoredDeliveryRecord, CourierRefusalKind>(() => this.deps.db.transaction(async (trx) => {
      const repos = createRepositories(trx);
      const offer = await this.answerableOffer(repos, courierId, offerId);
      const job = await repos.dispatchJobs.lock(offer.orderId);
      if (!(await repos.offers.answer(offerId, courierId, 'ACCEPTED'))) await this.explainLostAnswer(repos, courierId, offerId);
      if (job?.status !== 'OFFERED') throw refused('OFFER_UNAVAILABLE', 'This order is no longer looking for a courier');
      packedAt = job.packedAt;
      const courier = await moveCourier(trx, repos, courierId, 'OFFERED', 'BUSY', { loadDelta: 1, idle: 'stop' });
      if (!courier) throw refused('OFFER_UNAVAILABLE', 'You cannot take an order right now (you are not waiting on an offer)');
      let assigned: StoredDeliveryRecord | null;
      try {
        assigned = await repos.deliveries.compareAndSet(offer.deliveryId, 'OFFERED', 'ASSIGNED', { courierId, stamp: 'assigned_at' });
      } catch (error) {
        if (isUniqueViolation(error, 'deliveries_one_active_per_courier')) throw refused('OFFER_UNAVAILABLE', 'You already carry an order');
        throw error;
      }
      if (!assigned) throw refused('OFFER_UNAVAILABLE', 'This order is no longer looking for a courier');
      await repos.dispatchJobs.update(offer.orderId, ['OFFERED'], { status: 'ASSIGNED', nextCheckAt: null });
      await enqueueDeliveryAssigned(trx, {
        orderId: offer.orderId,
        deliveryId: assigned.id,
        courierId,
        storeId: offer.storeId,
        storeLocation: offer.storeLocation,
        dropoffLocation: offer.dropoffLocation,
        at: assigned.assignedAt!.toISOString(),
      });
      return assigned;
    }));
    if (!outcome.ok) return outcome;
    this.deps.relay.kick();
    const delivery = outcome.value;
    // Assigned before the bag was packed counts as no wait at all.
    if (packedAt && delivery.assignedAt) this.assignmentSeconds()?.observe(Math.max(0, delivery.assignedAt.getTime() - packedAt.getTime()) / 1000);
    return outcome;
  }

  private assignmentSeconds() {
    return this.deps.metrics?.histogram({
      name: 'delivery_courier_assignment_seconds',
      help: 'Time from an order packed to a courier assigned (their accept), the SLO p99 < 10 s',
      buckets: SLOW_BUCKETS,
    });
  }

  /** The offered courier says no: they are free again and the order goes to the next best courier at once. */
  async declineOffer(courierId: string, offerId: string): Promise<CourierOutcome<OfferRecord>> {
    const declined = await refusable<string, CourierRefusalKind>(() => this.deps.db.transaction(async (trx) => {
      const repos = createRepositories(trx);
      const offer = await this.answerableOffer(repos, courierId, offerId);
      const job = await repos.dispatchJobs.lock(offer.orderId);
      if (!(await repos.offers.answer(offerId, courierId, 'DECLINED'))) await this.explainLostAnswer(repos, courierId, offerId);
      await moveCourier(trx, repos, courierId, 'OFFERED', 'IDLE');
      if (job) await this.dispatcher.recordMiss(repos, job);
      return offer.orderId;
    }));
    if (!declined.ok) return declined;
    await this.dispatcher.dispatchAfterMiss(declined.value);
    return { ok: true, value: (await createRepositories(this.deps.db).offers.findByIds([offerId]))[0]! };
  }

  /** The assigned courier has the bag (ASSIGNED → PICKED_UP); only once the store packed it. */
  async confirmPickup(courierId: string, orderId: string): Promise<CourierOutcome<StoredDeliveryRecord>> {
    const outcome = await refusable<StoredDeliveryRecord, CourierRefusalKind>(() => this.deps.db.transaction(async (trx) => {
      const repos = createRepositories(trx);
      const current = await this.ownDelivery(repos, courierId, orderId);
      const [job] = await repos.dispatchJobs.findByOrderIds([orderId]);
      const plan = planDeliveryTransition(current.status, 'PICK_UP', { packed: Boolean(job?.packedAt) });
      if (!plan.ok) throw refused('STEP', plan.message);
      const updated = await repos.deliveries.compareAndSet(current.id, plan.from, plan.to, { stamp: 'picked_up_at' });
      if (!updated) throw refused('STEP', 'The delivery changed meanwhile; try again');
      await enqueueDeliveryPickedUp(trx, { orderId, deliveryId: updated.id, courierId, at: updated.pickedUpAt!.toISOString() });
      return updated;
    }));
    if (outcome.ok) this.deps.relay.kick();
    return outcome;
  }

  /** The courier handed the order over (PICKED_UP → DELIVERED) and is free again. */
  async confirmDelivery(courierId: string, orderId: string, proof: string): Promise<CourierOutcome<StoredDeliveryRecord>> {
    const trimmed = proof.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_PROOF_LENGTH) {
      return {
        ok: false,
        refusal: {
          kind: 'PROOF',
          code: ErrorCode.BAD_USER_INPUT,
          message: `Proof of delivery must be 1–${MAX_PROOF_LENGTH} characters (a photo URL or a code)`,
          extensions: { field: 'proof' },
        },
      };
    }
    const outcome = await refusable<StoredDeliveryRecord, CourierRefusalKind>(() => this.deps.db.transaction(async (trx) => {
      const repos = createRepositories(trx);
      const current = await this.ownDelivery(repos, courierId, orderId);
      const plan = planDeliveryTransition(current.status, 'DELIVER', { packed: true });
      if (!plan.ok) throw refused('STEP', plan.message);
      const updated = await repos.deliveries.compareAndSet(current.id, plan.from, plan.to, { stamp: 'delivered_at', proof: trimmed });
      if (!updated) throw refused('STEP', 'The delivery changed meanwhile; try again');
      const freed = await moveCourier(trx, repos, courierId, 'BUSY', 'IDLE', { loadDelta: -1, idle: 'start' });
      // The bag reached the customer either way; a courier row out of step (e.g. seeded) must not undo that.
      if (!freed) this.deps.log.warn({ courierId, orderId }, 'courier was not BUSY at delivery; status left as it was');
      await enqueueDeliveryDelivered(trx, { orderId, deliveryId: updated.id, courierId, proof: trimmed, at: updated.deliveredAt!.toISOString() });
      return updated;
    }));
    if (outcome.ok) this.deps.relay.kick();
    return outcome;
  }

  /** The offer, if it exists and this courier may answer it; otherwise the matching error or refusal. */
  private async answerableOffer(repos: Repositories, courierId: string, offerId: string): Promise<OfferRecord> {
    const [offer] = await repos.offers.findByIds([offerId]);
    if (!offer) throw appError(ErrorCode.NOT_FOUND, offerNotFoundMessage(offerId));
    const refusal = offerAnswerRefusal(offer, courierId, new Date());
    if (refusal) refuse(refusal);
    return offer;
  }

  /** The compare-and-set lost (another answer, the sweeper, the deadline): say why, from the row as it is now. */
  private async explainLostAnswer(repos: Repositories, courierId: string, offerId: string): Promise<never> {
    const [offer] = await repos.offers.findByIds([offerId]);
    const refusal = offer ? offerAnswerRefusal(offer, courierId, new Date()) : null;
    // The database's clock said expired while ours did not yet: it is expired.
    return refuse(refusal ?? { code: 'INVALID_STATE', message: 'This offer has expired' });
  }

  /** The order's current delivery, if this courier is the one assigned to it; otherwise the matching error. */
  private async ownDelivery(repos: Repositories, courierId: string, orderId: string): Promise<StoredDeliveryRecord> {
    const current = currentDelivery(await repos.deliveries.findByOrderId(orderId, { forUpdate: true }));
    // The same words whether the order has no delivery or another courier's: its existence is not told.
    if (!current || current.courierId !== courierId) throw appError(ErrorCode.NOT_FOUND, `Order ${orderId} has no delivery of yours`);
    return current;
  }

}
