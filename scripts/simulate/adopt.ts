/**
 * `--adopt`: the open work a run finds in the city and takes over — seeded orders, or an earlier
 * run's left behind by Ctrl-C. Stores with tasks in their queue get a store bot (which adopts each
 * open task it sees); couriers carrying an order ride it to the door; couriers with a pending offer
 * answer it. Everything is read through the gateway as an admin, as an operations screen would.
 */
import { SimOpenWorkDocument, SimOrdersOnTheWayDocument, type SimOpenWorkQuery, type SimOpenWorkQueryVariables, type SimOrdersOnTheWayQuery, type SimOrdersOnTheWayQueryVariables } from '../../clients/simulator/__generated__/graphql';
import { slotAnswers, slotVariables } from './client';
import type { CarriedOrder } from './couriers';
import type { SimStore } from './customers';
import type { SimContext } from './ledger';

/** Stores per read and orders per read: the slots of SimOpenWork and SimOrdersOnTheWay. */
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

type QueuePage = SimOpenWorkQuery['packed0'];
type OrderOnTheWay = SimOrdersOnTheWayQuery['o0'];

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
      // Free slots repeat the batch's last store and page.
      const slot = (k: number) => batch[Math.min(k, batch.length - 1)]!;
      const variables = Object.fromEntries(
        Array.from({ length: STORE_BATCH }, (_, k) => [
          [`s${k}`, slot(k).storeId],
          [`after${k}`, slot(k).after],
        ]).flat(),
      ) as SimOpenWorkQueryVariables;
      const data = await ctx.client.read(SimOpenWorkDocument, token, variables);
      const open = slotAnswers<QueuePage>(data, 'open', batch.length);
      const packedPages = slotAnswers<QueuePage>(data, 'packed', batch.length);
      batch.forEach(({ storeId, first }, k) => {
        if (first && open[k]!.edges.length) storesWithTasks.push(storeId);
        const queue = packedPages[k]!;
        packed.push(...queue.edges.map((e) => e.node.order.id));
        if (queue.pageInfo.hasNextPage) next.push({ storeId, after: queue.pageInfo.endCursor ?? null, first: false });
      });
    }
    pending = next;
  }

  const carried = new Map<string, CarriedOrder>();
  for (let i = 0; i < packed.length; i += ORDER_BATCH) {
    const ids = packed.slice(i, i + ORDER_BATCH);
    const data = await ctx.client.read(SimOrdersOnTheWayDocument, token, slotVariables<SimOrdersOnTheWayQueryVariables>('o', ids, ORDER_BATCH));
    for (const o of slotAnswers<OrderOnTheWay>(data, 'o', ids.length)) {
      const courierId = o?.delivery?.courier?.id;
      if (!o || !o.store || !courierId || !CARRYING.has(o.delivery!.status)) continue;
      const dropoff = { lat: o.deliveryAddress.lat, lng: o.deliveryAddress.lng };
      const order = ctx.ledger.adopt(o.id, o.store.id, [], dropoff);
      carried.set(courierId, { order, pickup: o.store.location, dropoff, pickedUp: o.delivery!.status === 'PICKED_UP' });
    }
  }
  return { storesWithTasks, carried };
}
