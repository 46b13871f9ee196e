/**
 * `--adopt`: the open work a run finds in the city and takes over — seeded orders, or an earlier
 * run's left behind by Ctrl-C. Stores with tasks in their queue get a store bot (which adopts each
 * open task it sees); couriers carrying an order ride it to the door; couriers with a pending offer
 * answer it. Everything is read through the gateway as an admin, as an operations screen would.
 */
import type { CarriedOrder } from './couriers';
import type { SimStore } from './customers';
import type { SimContext } from './ledger';
import type { Point } from './movement';

/** Stores per query (two aliased queue reads each). */
// Five stores a read (two queues each, 100 a page) stay under the gateway's per-query cost limit.
const STORE_BATCH = 5;
const ORDER_BATCH = 25;
const MAX_PAGES = 20;
const CARRYING = new Set(['ASSIGNED', 'PICKED_UP']);

export interface OpenWork {
  /** Stores with QUEUED or PICKING tasks. */
  storesWithTasks: string[];
  /** Courier id → the order they carry. */
  carried: Map<string, CarriedOrder>;
}

interface QueuePage {
  edges: { node: { order: { id: string } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface OrderOnTheWay {
  id: string;
  status: string;
  store: { id: string; location: Point } | null;
  deliveryAddress: Point;
  delivery: { status: string; courier: { id: string } | null } | null;
}

/** Finds the stores with work waiting and the orders couriers are carrying; adopts the latter into the ledger. */
export async function findOpenWork(ctx: SimContext, stores: readonly SimStore[]): Promise<OpenWork> {
  const token = await ctx.tokens.admin();
  const storesWithTasks: string[] = [];
  // Packed bags: those whose delivery is still under way are what couriers carry.
  const packed: string[] = [];
  let pending = stores.map((s) => ({ storeId: s.id, after: null as string | null, first: true }));
  for (let page = 0; pending.length && page < MAX_PAGES; page++) {
    const next: typeof pending = [];
    for (let i = 0; i < pending.length; i += STORE_BATCH) {
      const batch = pending.slice(i, i + STORE_BATCH);
      const fields = batch
        .map(({ storeId, after, first }, k) =>
          [
            first ? `open${k}: storeQueue(storeId: "${storeId}", first: 1) { edges { node { order { id } } } pageInfo { hasNextPage endCursor } }` : '',
            `packed${k}: storeQueue(storeId: "${storeId}", status: PACKED, first: 100${after ? `, after: "${after}"` : ''}) { edges { node { order { id } } } pageInfo { hasNextPage endCursor } }`,
          ].join('\n'),
        )
        .join('\n');
      const data = await ctx.client.read<Record<string, QueuePage>>('openWork', token, `query openWork {\n${fields}\n}`);
      batch.forEach(({ storeId }, k) => {
        if (data[`open${k}`]?.edges.length) storesWithTasks.push(storeId);
        const queue = data[`packed${k}`]!;
        packed.push(...queue.edges.map((e) => e.node.order.id));
        if (queue.pageInfo.hasNextPage) next.push({ storeId, after: queue.pageInfo.endCursor, first: false });
      });
    }
    pending = next;
  }

  const carried = new Map<string, CarriedOrder>();
  for (let i = 0; i < packed.length; i += ORDER_BATCH) {
    const ids = packed.slice(i, i + ORDER_BATCH);
    const fields = ids
      .map((id, k) => `o${k}: order(id: "${id}") { id status store { id location { lat lng } } deliveryAddress { lat lng } delivery { status courier { id } } }`)
      .join('\n');
    const data = await ctx.client.read<Record<string, OrderOnTheWay | null>>('ordersOnTheWay', token, `query ordersOnTheWay {\n${fields}\n}`);
    for (const o of Object.values(data)) {
      const courierId = o?.delivery?.courier?.id;
      if (!o || !o.store || !courierId || !CARRYING.has(o.delivery!.status)) continue;
      const dropoff = { lat: o.deliveryAddress.lat, lng: o.deliveryAddress.lng };
      const order = ctx.ledger.adopt(o.id, o.store.id, [], dropoff);
      carried.set(courierId, { order, pickup: o.store.location, dropoff, pickedUp: o.delivery!.status === 'PICKED_UP' });
    }
  }
  return { storesWithTasks, carried };
}
