/**
 * What fulfillment, delivery and tracking keep about the orders: pick tasks, deliveries, and where
 * each courier is and what they are doing.
 */
import { HOUR, idMaker, indexOfId, MINUTE, SPEED } from './common';
import { bearingDegrees, interpolate, randomPointWithin, roundCoord, type Point } from './geo';
import { LIVE, type BuiltOrder } from './orders';
import { hash32, stringHash, type Random } from './random';
import type {
  CourierRecord,
  CourierStatus,
  DeliveryRecord,
  PickTaskRecord,
  PositionRecord,
  StoreRecord,
} from './types';

export function crossSubgraphRecords(orders: readonly BuiltOrder[]): { pickTasks: PickTaskRecord[]; deliveries: DeliveryRecord[] } {
  const pickTasks: PickTaskRecord[] = [];
  const deliveries: DeliveryRecord[] = [];
  const pickId = idMaker('pck', 4, orders.length);
  const deliveryId = idMaker('dlv', 4, orders.length);
  for (const o of orders) {
    const { record, at } = o;
    if (at.ASSIGNED_TO_STORE && record.storeId) {
      const createdAt = at.ASSIGNED_TO_STORE;
      const lines = record.items.length;
      pickTasks.push({
        id: pickId(pickTasks.length),
        orderId: record.id,
        customerId: record.customerId,
        storeId: record.storeId,
        status: at.PACKED ? 'PACKED' : at.PICKING ? 'PICKING' : at.CANCELLED ? 'CANCELLED' : 'QUEUED',
        // The 10–20 minute promise: ten minutes plus a minute and a half per line, at most twenty.
        promisedReadyAt: new Date(createdAt.getTime() + Math.min(20 * MINUTE, 10 * MINUTE + lines * 90_000)),
        startedAt: at.PICKING ?? null,
        packedAt: at.PACKED ?? null,
        createdAt,
      });
    }
    if (o.courierIndex === null) continue;
    const id = deliveryId(deliveries.length);
    const delivered = at.DELIVERED ?? null;
    deliveries.push({
      id,
      orderId: record.id,
      courierId: o.courierId,
      status: o.offered ? 'OFFERED' : delivered ? 'DELIVERED' : at.PICKED_UP ? 'PICKED_UP' : 'ASSIGNED',
      assignedAt: at.ASSIGNED_TO_COURIER ?? null,
      pickedUpAt: at.PICKED_UP ?? null,
      deliveredAt: delivered,
      proofOfDelivery: delivered ? proofFor(id) : null,
    });
  }
  return { pickTasks, deliveries };
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
