/**
 * What fulfillment, delivery and tracking keep about the orders: pick tasks and their lines,
 * deliveries, dispatch jobs and pending offers, tracking's mirror of live deliveries and preparation
 * promises, and where each courier is and what they are doing. Every live order gets the records the
 * events of its history would have left in each subgraph, so every subgraph tells the same story.
 */
import { HOUR, idMaker, indexOfId, MINUTE, SPEED } from './common';
import { bearingDegrees, distanceMeters, interpolate, randomPointWithin, roundCoord, type Point } from './geo';
import { LIVE, type BuiltOrder } from './orders';
import { hash32, stringHash, type Random } from './random';
import type {
  AssignedDelivery,
  CourierRecord,
  CourierStatus,
  DeliveryRecord,
  NewOfferRecord,
  PickTaskRecord,
  PositionRecord,
  StoreRecord,
} from './types';

/** The lines a store picks for one task: the order's items, none missing yet. */
export interface PickLinesRecord {
  taskId: string;
  lines: { productId: string; quantity: number }[];
}

/**
 * Where delivery's dispatch is with a live order, as `orders.confirmed`, `fulfillment.task_created`
 * and `fulfillment.packed` and the dispatcher would have left it.
 */
export interface DispatchJobSeed {
  orderId: string;
  storeId: string;
  storeLocation: Point;
  dropoffLocation: Point;
  confirmedAt: Date;
  promisedReadyAt: Date | null;
  packedAt: Date | null;
  status: 'WAITING' | 'OFFERED' | 'ASSIGNED' | 'CANCELLED';
  /** The delivery once an offer created it. */
  deliveryId: string | null;
}

/** A delivery under way as tracking mirrors it: `delivery.assigned` and `delivery.picked_up` applied. */
export interface TrackedDeliverySeed {
  assigned: AssignedDelivery;
  pickedUpAt: Date | null;
}

/** A store's preparation promise as tracking keeps it for ETAs: `fulfillment.task_created` and `packed`. */
export interface PreparationSeed {
  orderId: string;
  taskId: string;
  storeId: string;
  promisedReadyAt: Date;
  packedAt: Date | null;
}

export interface CrossSubgraphRecords {
  pickTasks: PickTaskRecord[];
  pickLines: PickLinesRecord[];
  deliveries: DeliveryRecord[];
  dispatchJobs: DispatchJobSeed[];
  offers: NewOfferRecord[];
  trackedDeliveries: TrackedDeliverySeed[];
  preparations: PreparationSeed[];
}

/** How long a seeded offer waits for its courier: delivery's default acceptance window. */
const OFFER_WINDOW_MS = 30_000;

export function crossSubgraphRecords(orders: readonly BuiltOrder[], stores: readonly StoreRecord[], couriers: readonly CourierRecord[]): CrossSubgraphRecords {
  const out: CrossSubgraphRecords = { pickTasks: [], pickLines: [], deliveries: [], dispatchJobs: [], offers: [], trackedDeliveries: [], preparations: [] };
  const pickId = idMaker('pck', 4, orders.length);
  const deliveryId = idMaker('dlv', 4, orders.length);
  const offerId = idMaker('ofr', 4, orders.length);
  for (const o of orders) {
    const { record, at } = o;
    const live = LIVE.has(record.status);
    let task: PickTaskRecord | null = null;
    if (at.ASSIGNED_TO_STORE && record.storeId) {
      const createdAt = at.ASSIGNED_TO_STORE;
      const lines = record.items.length;
      task = {
        id: pickId(out.pickTasks.length),
        orderId: record.id,
        customerId: record.customerId,
        storeId: record.storeId,
        status: at.PACKED ? 'PACKED' : at.PICKING ? 'PICKING' : at.CANCELLED ? 'CANCELLED' : 'QUEUED',
        // The 10–20 minute promise: ten minutes plus a minute and a half per line, at most twenty.
        promisedReadyAt: new Date(createdAt.getTime() + Math.min(20 * MINUTE, 10 * MINUTE + lines * 90_000)),
        startedAt: at.PICKING ?? null,
        packedAt: at.PACKED ?? null,
        createdAt,
      };
      out.pickTasks.push(task);
      out.pickLines.push({ taskId: task.id, lines: record.items.map((i) => ({ productId: i.productId, quantity: i.quantity })) });
      if (live) out.preparations.push({ orderId: record.id, taskId: task.id, storeId: task.storeId, promisedReadyAt: task.promisedReadyAt, packedAt: task.packedAt });
    }

    let delivery: DeliveryRecord | null = null;
    if (o.courierIndex !== null) {
      const id = deliveryId(out.deliveries.length);
      const delivered = at.DELIVERED ?? null;
      delivery = {
        id,
        orderId: record.id,
        courierId: o.courierId,
        status: o.offered ? 'OFFERED' : delivered ? 'DELIVERED' : at.PICKED_UP ? 'PICKED_UP' : 'ASSIGNED',
        assignedAt: at.ASSIGNED_TO_COURIER ?? null,
        pickedUpAt: at.PICKED_UP ?? null,
        deliveredAt: delivered,
        proofOfDelivery: delivered ? proofFor(id) : null,
      };
      out.deliveries.push(delivery);
    }

    // Delivery keeps an order's dispatch job for good: the job's customer is who may see the order's
    // delivery. So every order confirmed at a store has one, finished orders' too (ASSIGNED once a
    // courier took it, CANCELLED when the order was cancelled before that), as the live flow leaves them.
    if (!at.CONFIRMED || o.storeIndex === null) continue;
    const store = stores[o.storeIndex]!;
    const storeLocation = { lat: store.lat, lng: store.lng };
    const dropoffLocation = { lat: record.address.lat, lng: record.address.lng };
    out.dispatchJobs.push({
      orderId: record.id,
      storeId: store.id,
      storeLocation,
      dropoffLocation,
      confirmedAt: at.CONFIRMED,
      promisedReadyAt: task?.promisedReadyAt ?? null,
      packedAt: task?.packedAt ?? null,
      status: delivery === null ? (live ? 'WAITING' : 'CANCELLED') : delivery.status === 'OFFERED' ? 'OFFERED' : 'ASSIGNED',
      deliveryId: delivery?.id ?? null,
    });
    if (!delivery || !live) continue;
    const courier = couriers[o.courierIndex!]!;
    if (delivery.status === 'OFFERED') {
      // The courier waits near their home store; the distance is roughly what dispatch measured.
      const home = courier.homeStoreId ? stores[indexOfId(courier.homeStoreId)]! : store;
      const distance = Math.round(distanceMeters(home, store) + 300);
      out.offers.push({
        id: offerId(out.offers.length),
        orderId: record.id,
        deliveryId: delivery.id,
        courierId: courier.id,
        attempt: 1,
        distanceMeters: distance,
        etaSeconds: Math.round((distance * 1.3) / SPEED[courier.vehicle]),
        windowMs: OFFER_WINDOW_MS,
      });
    } else {
      out.trackedDeliveries.push({
        assigned: { deliveryId: delivery.id, orderId: record.id, courierId: courier.id, storeId: store.id, storeLocation, dropoffLocation, vehicle: courier.vehicle, at: delivery.assignedAt! },
        pickedUpAt: delivery.pickedUpAt,
      });
    }
  }
  return out;
}

/** Half the couriers photograph the doorstep, the other half type the customer's code. */
const proofFor = (deliveryId: string): string =>
  hash32(stringHash(deliveryId)) % 2 === 0
    ? `https://proofs.quickcommerce.example/${deliveryId}.jpg`
    : `code:${String(hash32(stringHash(deliveryId), 1) % 10_000).padStart(4, '0')}`;

/**
 * Sets each courier's status and load from their live delivery (OFFERED, BUSY, else IDLE or
 * OFFLINE) and places them: near their store when waiting, on the way when riding.
 */
export function courierStateAndPositions(
  rng: Random,
  now: Date,
  couriers: CourierRecord[],
  stores: readonly StoreRecord[],
  orders: readonly BuiltOrder[],
): PositionRecord[] {
  const liveByCourier = new Map<number, BuiltOrder>();
  for (const o of orders) if (o.courierIndex !== null && LIVE.has(o.record.status)) liveByCourier.set(o.courierIndex, o);
  const at = (msAgo: number) => new Date(now.getTime() - msAgo);

  return couriers.map((courier, i): PositionRecord => {
    const order = liveByCourier.get(i);
    const homeStore = courier.homeStoreId ? stores[indexOfId(courier.homeStoreId)]! : rng.pick(stores);
    const speed = SPEED[courier.vehicle];
    const position = (p: Point, heading: number | null, metresPerSecond: number | null, msAgo: number): PositionRecord => ({
      courierId: courier.id,
      lat: roundCoord(p.lat),
      lng: roundCoord(p.lng),
      heading: heading === null ? null : Math.round(heading) % 360,
      speed: metresPerSecond === null ? null : Math.round(metresPerSecond * 10) / 10,
      recordedAt: at(msAgo),
    });

    if (!order) {
      const status: CourierStatus = rng.chance(0.4) ? 'IDLE' : 'OFFLINE';
      courier.status = status;
      courier.currentLoad = 0;
      return status === 'IDLE'
        ? position(randomPointWithin(rng, homeStore, 600), null, 0, rng.int(1_000, 30_000))
        : position(randomPointWithin(rng, homeStore, 1_500), null, null, rng.int(1, 72) * HOUR + rng.int(0, HOUR));
    }

    const store = stores[order.storeIndex!]!;
    const address = order.record.address;
    courier.status = order.offered ? 'OFFERED' : 'BUSY';
    courier.currentLoad = order.offered ? 0 : 1;
    const reportedMsAgo = rng.int(1_000, 5_000);
    switch (order.record.status) {
      case 'ASSIGNED_TO_COURIER': {
        const start = randomPointWithin(rng, store, 1_500, 300);
        const here = interpolate(start, store, rng.float(0.3, 0.9));
        return position(here, bearingDegrees(here, store), speed * rng.float(0.7, 1.1), reportedMsAgo);
      }
      case 'PICKED_UP':
        return position(randomPointWithin(rng, store, 30), null, 0, reportedMsAgo);
      case 'IN_TRANSIT': {
        const here = interpolate(store, address, order.rideShare);
        return position(here, bearingDegrees(here, address), speed * rng.float(0.7, 1.1), reportedMsAgo);
      }
      default:
        return position(randomPointWithin(rng, store, 600), null, 0, reportedMsAgo);
    }
  });
}
