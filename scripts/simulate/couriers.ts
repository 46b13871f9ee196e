/**
 * Courier bots: each reports where it is, goes online, polls its offers, accepts most of them
 * (declining or ignoring some, as `--decline` and `--ignore` say), rides in straight lines to the
 * store and to the door reporting its position as a phone would, and confirms pickup and delivery.
 */
import { distanceMeters } from '../seed/geo';
import type { Random } from '../seed/random';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  SimAcceptDeliveryOfferDocument,
  SimChangeCourierStatusDocument,
  SimCourierRosterDocument,
  SimDeclineDeliveryOfferDocument,
  SimDeliverOrderDocument,
  SimMyOffersDocument,
  SimPickUpOrderDocument,
  SimReportLocationDocument,
  type SimCourierRosterQuery,
  type SimCourierRosterQueryVariables,
  type SimMyOffersQuery,
} from '../../clients/simulator/__generated__/graphql';
import { errorCode, expectMember, sleep, slotAnswers, slotVariables, timeOf, withRetries } from './client';
import { isFinished, pollMs, realMs, type SimContext, type SimOrder } from './ledger';
import type { SimStore } from './customers';
import {
  MIN_REPORT_GAP_MS,
  VEHICLE_SPEED_MPS,
  legRealMs,
  makeLeg,
  positionOnLeg,
  reportIntervalMs,
  reportSchedule,
  travelCompression,
  type Point,
  type Vehicle,
} from './movement';
import { noteOffer, type Span } from './stats';

/** Couriers read per admin query: the slots of SimCourierRoster (within LIMIT_MAX_ALIASES, 30). */
const ROSTER_BATCH = 25;
/** How long a courier at the store waits for the bag before giving the order up, in real ms. */
const MAX_PICKUP_WAIT_MS = 180_000;
const PICKUP_RETRY_MS = 500;

export type CourierStatus = 'OFFLINE' | 'IDLE' | 'OFFERED' | 'BUSY';

export interface CourierCandidate {
  id: string;
  status: CourierStatus;
  vehicle: Vehicle;
  homeStoreId: string | null;
  /** Latest position tracking holds, if any. */
  position: Point | null;
}

type Offer = SimMyOffersQuery['myOffers'][number];

/** The seed's courier ids: cou_001 … (three digits up to 999 couriers). */
const courierId = (index: number) => `cou_${String(index + 1).padStart(3, '0')}`;

/** Every courier delivery knows, read as admin in batches until a batch finds none. */
export async function findCouriers(ctx: Pick<SimContext, 'client' | 'tokens'>): Promise<CourierCandidate[]> {
  const token = await ctx.tokens.admin();
  const found: CourierCandidate[] = [];
  for (let from = 0; from < 999; from += ROSTER_BATCH) {
    const ids = Array.from({ length: Math.min(ROSTER_BATCH, 999 - from) }, (_, i) => courierId(from + i));
    const data = await ctx.client.read(SimCourierRosterDocument, token, slotVariables<SimCourierRosterQueryVariables>('c', ids, ROSTER_BATCH));
    const batch = slotAnswers<SimCourierRosterQuery['c0']>(data, 'c', ids.length).flatMap((c) =>
      c ? [{ id: c.id, status: c.status, vehicle: c.vehicle, homeStoreId: c.homeStore?.id ?? null, position: c.position ? { lat: c.position.lat, lng: c.position.lng } : null }] : [],
    );
    found.push(...batch);
    if (batch.length === 0) break;
  }
  return found;
}

export interface ChosenCourier {
  courier: CourierCandidate;
  start: Point;
}

/**
 * The `count` free couriers (OFFLINE or IDLE; never one the seed left carrying or offered an order)
 * nearest to the stores the customers order from, each starting where tracking last saw them — else
 * at their home store, else at the first order store. Nearest first, then by id: deterministic.
 */
export function chooseCouriers(candidates: readonly CourierCandidate[], orderStores: readonly SimStore[], allStores: readonly SimStore[], count: number): ChosenCourier[] {
  if (!orderStores.length) return [];
  const storeById = new Map(allStores.map((s) => [s.id, s]));
  return candidates
    .filter((c) => c.status === 'OFFLINE' || c.status === 'IDLE')
    .map((courier) => {
      const start = courier.position ?? (courier.homeStoreId ? storeById.get(courier.homeStoreId)?.location : undefined) ?? orderStores[0]!.location;
      const nearest = Math.min(...orderStores.map((s) => distanceMeters(start, s.location)));
      return { courier, start, nearest };
    })
    .sort((a, b) => a.nearest - b.nearest || a.courier.id.localeCompare(b.courier.id))
    .slice(0, count)
    .map(({ courier, start }) => ({ courier, start }));
}

export type BotState = 'starting' | 'idle' | 'offered' | 'busy' | 'offline' | 'out';

/** An order a courier already carries when the run starts (`--adopt`): ride it to the end. */
export interface CarriedOrder {
  order: SimOrder;
  pickup: Point;
  dropoff: Point;
  /** The courier has the bag already (delivery PICKED_UP). */
  pickedUp: boolean;
}

export class CourierBot {
  state: BotState = 'starting';
  private position: Point;
  private lastReportAt = 0;
  /** Offers this courier decided to let expire. */
  private readonly ignored = new Set<string>();
  private readonly rng: Random;
  private readonly jitter: Random;
  private readonly vehicleMps: number;
  private readonly compression: number;

  constructor(
    private readonly ctx: SimContext,
    readonly id: string,
    vehicle: Vehicle,
    start: Point,
    private carried: CarriedOrder | null = null,
  ) {
    this.position = start;
    this.rng = ctx.random.fork(`courier:${id}`);
    this.jitter = ctx.random.fork(`courier-poll:${id}`);
    this.vehicleMps = VEHICLE_SPEED_MPS[vehicle];
    this.compression = travelCompression(ctx.args.speed, this.vehicleMps);
  }

  private token(): Promise<string> {
    return this.ctx.tokens.courier(this.id);
  }

  private send<T, V>(operation: string, document: TypedDocumentNode<T, V>, variables: V): Promise<T> {
    return this.token().then((token) =>
      withRetries(() => this.ctx.client.request(document, token, variables), (error, willRetry) => this.ctx.ledger.error(operation, error, willRetry)),
    );
  }

  /** Sends a courier mutation and returns the result member it hoped for; a refusal is thrown and counted like an error. */
  private act<T, V, R extends { __typename: string }, N extends R['__typename']>(
    operation: string,
    document: TypedDocumentNode<T, V>,
    variables: V,
    pick: (data: T) => R,
    expected: N,
  ): Promise<Extract<R, { __typename: N }>> {
    return this.token().then((token) =>
      withRetries(
        async () => expectMember(operation, pick(await this.ctx.client.request(document, token, variables)), expected),
        (error, willRetry) => this.ctx.ledger.error(operation, error, willRetry),
      ),
    );
  }

  /** Goes online, then answers offers until the run stops. */
  async run(): Promise<void> {
    const { signal } = this.ctx;
    if (!(await this.goOnline())) return;
    if (this.carried) {
      const { order, pickup, dropoff, pickedUp } = this.carried;
      this.carried = null;
      this.state = 'busy';
      await this.carry(order, pickup, dropoff, pickedUp);
    }
    const idleEvery = reportIntervalMs(this.ctx.args.speed);
    while (!signal.aborted) {
      // Dispatch only offers orders to couriers whose position is fresh, so idle couriers report too.
      if (Date.now() - this.lastReportAt >= idleEvery) await this.report(this.position, null, 0);
      let offers: Offer[];
      try {
        ({ myOffers: offers } = await this.send('myOffers', SimMyOffersDocument, {}));
      } catch {
        await sleep(pollMs(this.ctx), signal);
        continue;
      }
      for (const seen of offers) {
        const order = this.ctx.ledger.get(seen.order.id);
        if (order) noteOffer(order, Date.parse(seen.createdAt), seen.attempt);
      }
      const offer = offers.find((o) => o.status === 'PENDING' && !this.ignored.has(o.id));
      if (!offer) {
        this.state = offers.some((o) => o.status === 'PENDING') ? 'offered' : 'idle';
        await sleep(pollMs(this.ctx) * this.jitter.float(0.8, 1.2), signal);
        continue;
      }
      await this.answer(offer);
    }
  }

  private async goOnline(): Promise<boolean> {
    const { ctx } = this;
    for (let attempt = 1; attempt <= 5 && !ctx.signal.aborted; attempt++) {
      const ack = await this.report(this.position, null, 0);
      if (ack === 'kept') break;
      if (ack === 'OUT_OF_ORDER') {
        ctx.log(`courier ${this.id}: tracking holds a newer position than now; left out of the run`);
        this.state = 'out';
        return false;
      }
      if (attempt === 5) {
        this.state = 'out';
        return false;
      }
      await sleep(MIN_REPORT_GAP_MS, ctx.signal);
    }
    if (ctx.signal.aborted) {
      this.state = 'out';
      return false;
    }
    if (this.carried) return true;
    try {
      await this.act('changeCourierStatus', SimChangeCourierStatusDocument, { status: 'IDLE' }, (d) => d.changeCourierStatus, 'CourierStatusChanged');
    } catch (error) {
      // Offered an order before the run (seeded): delivery keeps them OFFERED; the offer is answered next.
      if (!(this.ctx.args.adopt && errorCode(error) === 'CourierStatusConflict')) {
        this.state = 'out';
        return false;
      }
    }
    this.state = 'idle';
    return true;
  }

  private async answer(offer: Offer): Promise<void> {
    const { ledger } = this.ctx;
    ledger.counters.offersSeen += 1;
    this.state = 'offered';
    const order = ledger.get(offer.order.id) ?? (this.ctx.args.adopt ? ledger.adopt(offer.order.id, undefined, [], offer.dropoffLocation) : undefined);
    if (!order) {
      // An earlier run's order: nobody here packs it, so taking it would strand this courier.
      ledger.counters.foreignOffers += 1;
      await this.decline(offer);
      return;
    }
    const roll = this.rng.next();
    if (roll < this.ctx.args.decline) {
      ledger.counters.declined += 1;
      await sleep(realMs(this.ctx, this.rng.float(3, 15)), this.ctx.signal);
      await this.decline(offer);
      return;
    }
    if (roll < this.ctx.args.decline + this.ctx.args.ignore) {
      ledger.counters.ignored += 1;
      this.ignored.add(offer.id);
      return;
    }
    await this.deliver(order, offer);
  }

  private async decline(offer: Offer): Promise<void> {
    try {
      await this.act('declineDeliveryOffer', SimDeclineDeliveryOfferDocument, { offerId: offer.id }, (d) => d.declineDeliveryOffer, 'OfferDeclined');
    } catch {
      // Counted; the offer expired or was withdrawn meanwhile, which frees the courier all the same.
    }
    this.state = 'idle';
  }

  private async deliver(order: SimOrder, offer: Offer): Promise<void> {
    const { ledger } = this.ctx;
    let accepted: { assignedAt?: string | null };
    try {
      ({ delivery: accepted } = await this.act('acceptDeliveryOffer', SimAcceptDeliveryOfferDocument, { offerId: offer.id }, (d) => d.acceptDeliveryOffer, 'OfferAccepted'));
    } catch {
      this.state = 'idle';
      return;
    }
    this.state = 'busy';
    order.assignedAt = timeOf(accepted.assignedAt);
    order.courierId = this.id;
    order.travelCompression = this.compression;
    ledger.counters.accepted += 1;

    await this.carry(order, offer.pickupLocation, offer.dropoffLocation, false);
  }

  /** Rides to the store and confirms the pickup once the bag is packed; `order.pickedUpAt` says whether it worked. */
  private async fetchBag(order: SimOrder, pickup: Point): Promise<void> {
    const { ctx } = this;
    const { ledger, signal } = ctx;
    const orderId = order.id!;
    order.toStore = await this.ride(pickup);
    if (signal.aborted) return;

    const waitUntil = Date.now() + MAX_PICKUP_WAIT_MS;
    let pickedUpAt: number | null = null;
    while (!signal.aborted && !order.failure && Date.now() < waitUntil) {
      // An adopted order's packing is not seen by this run: delivery's answer says whether it is ready.
      if (order.packedAt === undefined && !order.adopted) {
        await sleep(PICKUP_RETRY_MS, signal);
        continue;
      }
      try {
        const { pickUpOrder } = await this.ctx.client.request(SimPickUpOrderDocument, await this.token(), { orderId });
        pickedUpAt = timeOf(expectMember('pickUpOrder', pickUpOrder, 'DeliveryUpdated').delivery.pickedUpAt);
        break;
      } catch (error) {
        // Delivery hears of the packing through an event, a moment after the store's answer.
        if (errorCode(error) === 'DeliveryStepConflict') ledger.counters.pickupRetries += 1;
        else ledger.error('pickUpOrder', error);
        await sleep(PICKUP_RETRY_MS, signal);
      }
    }
    if (pickedUpAt === null) {
      if (signal.aborted) return;
      // Cancelled or ended elsewhere: delivery freed the courier. Otherwise delivery still has them BUSY.
      if (order.failure) this.state = 'idle';
      else ledger.fail(order, 'pickup never confirmed');
      return;
    }
    order.pickedUpAt = pickedUpAt;
    ledger.counters.pickedUp += 1;
  }

  /** Rides to the store (unless the bag is in hand), waits for the bag, rides to the door and hands it over. */
  private async carry(order: SimOrder, pickup: Point, dropoff: Point, pickedUp: boolean): Promise<void> {
    const { ctx } = this;
    const { ledger, signal } = ctx;
    const orderId = order.id!;
    if (!pickedUp) await this.fetchBag(order, pickup);
    if (signal.aborted || isFinished(order) || (!pickedUp && order.pickedUpAt === undefined)) return;

    order.toDoor = await this.ride(dropoff);
    // Finding the door, the hand-over, a photo.
    await sleep(realMs(ctx, this.rng.float(20, 60)), signal);
    order.handover = { start: order.toDoor.end, end: Date.now() };
    if (signal.aborted || isFinished(order)) return;
    try {
      const { delivery } = await this.act(
        'deliverOrder',
        SimDeliverOrderDocument,
        { orderId, proof: `https://proofs.quickcommerce.example/sim/${orderId}.jpg` },
        (d) => d.deliverOrder,
        'DeliveryUpdated',
      );
      order.deliveredAt = timeOf(delivery.deliveredAt);
      ledger.counters.delivered += 1;
      this.state = 'idle';
    } catch (error) {
      ledger.fail(order, `deliverOrder ${errorCode(error) ?? 'INTERNAL'}`);
    }
  }

  /** Rides a straight line to `to`, reporting on the way; returns when it arrived (or the run stopped). */
  private async ride(to: Point): Promise<Span> {
    const { signal } = this.ctx;
    const leg = makeLeg(this.position, to, this.vehicleMps);
    const start = Date.now();
    const total = legRealMs(leg, this.compression);
    let arrived = false;
    for (const tick of reportSchedule(total, reportIntervalMs(this.compression))) {
      await sleep(start + tick - Date.now(), signal);
      if (signal.aborted) break;
      await this.report(() => {
        const here = positionOnLeg(leg, ((Date.now() - start) * this.compression) / 1000);
        arrived = here.arrived;
        return here.point;
      }, leg.heading, this.vehicleMps);
      if (arrived) break;
    }
    return { start, end: Date.now() };
  }

  /**
   * Reports where the courier is — `where` is asked at the moment of sending, which is never sooner
   * than 3.3 s after the previous report, so consecutive reports never imply more than the ride's
   * real speed (tracking refuses impossible jumps between kept reports).
   */
  private async report(where: Point | (() => Point), heading: number | null, speed: number): Promise<'kept' | 'TOO_SOON' | 'OUT_OF_ORDER' | 'error'> {
    const { ledger, signal } = this.ctx;
    await sleep(this.lastReportAt + MIN_REPORT_GAP_MS - Date.now(), signal);
    const point = typeof where === 'function' ? where() : where;
    this.position = point;
    this.lastReportAt = Date.now();
    ledger.counters.reports += 1;
    try {
      const { reportLocation } = await this.ctx.client.request(
        SimReportLocationDocument,
        await this.token(),
        { input: { lat: point.lat, lng: point.lng, heading, speed, accuracy: this.jitter.float(3, 15), recordedAt: new Date(this.lastReportAt).toISOString() } },
      );
      if (reportLocation.kept) {
        ledger.counters.kept += 1;
        return 'kept';
      }
      if (reportLocation.skipped === 'OUT_OF_ORDER') ledger.counters.outOfOrder += 1;
      else ledger.counters.thinned += 1;
      return reportLocation.skipped ?? 'TOO_SOON';
    } catch (error) {
      ledger.error('reportLocation', error);
      return 'error';
    }
  }

  /**
   * At the end of the run: declines an offer left unanswered and goes OFFLINE. A courier still
   * carrying an order cannot go offline (delivery refuses); that is reported, not forced.
   */
  async goOffline(): Promise<'offline' | 'busy' | 'out' | 'failed'> {
    if (this.state === 'out') return 'out';
    const { ledger } = this.ctx;
    const token = await this.token();
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        const { changeCourierStatus } = await this.ctx.client.request(SimChangeCourierStatusDocument, token, { status: 'OFFLINE' });
        expectMember('changeCourierStatus', changeCourierStatus, 'CourierStatusChanged');
        this.state = 'offline';
        return 'offline';
      } catch (error) {
        if (errorCode(error) !== 'CourierStatusConflict') {
          ledger.error('changeCourierStatus', error);
          continue;
        }
        if (this.state === 'busy') return 'busy';
        // Offered: say no to the offer first.
        try {
          const { myOffers } = await this.ctx.client.request(SimMyOffersDocument, token, {});
          for (const offer of myOffers) await this.ctx.client.request(SimDeclineDeliveryOfferDocument, token, { offerId: offer.id }).catch(() => undefined);
          if (!myOffers.length) return 'busy';
        } catch (e) {
          ledger.error('myOffers', e);
        }
      }
    }
    return 'failed';
  }
}
