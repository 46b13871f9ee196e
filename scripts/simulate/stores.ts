/**
 * Store bots: the staff tablet of each store that got an order. A bot polls its queue about once a
 * second and works its tasks with a few pickers in parallel: a wait before someone takes the task,
 * picking (a minute per few lines), now and then a product that is not on the shelf, bagging, packed.
 * Every delay is simulated time, compressed by `--speed`.
 */
import type { Random } from '../seed/random';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  SimBeginPickingDocument,
  SimPackOrderDocument,
  SimReportItemMissingDocument,
  SimStoreQueueDocument,
  type SimStoreQueueQuery,
} from '../../clients/simulator/__generated__/graphql';
import { errorCode, expectMember, sleep, timeOf, withRetries } from './client';
import { isFinished, pollMs, realMs, type CartLine, type SimContext, type SimOrder } from './ledger';

const QUEUE_PAGES = 5;

type QueueTask = SimStoreQueueQuery['storeQueue']['edges'][number]['node'];

/** Simulated seconds before a picker takes a task up once free: finishing something, walking over. */
export const startDelaySeconds = (rng: Random): number => rng.float(15, 90);

/** Simulated seconds to collect the items: a walk, then each shelf and each unit, at a varying pace. */
export function pickSeconds(lines: readonly CartLine[], rng: Random): number {
  const work = lines.reduce((s, l) => s + 20 + 6 * l.quantity, 45);
  return work * rng.float(0.8, 1.3);
}

/** Simulated seconds to bag, seal and label. */
export const packSeconds = (rng: Random): number => rng.float(30, 75);

/** Pickers working at once: 2 for a small store, up to 4 for a big one. */
export const pickersFor = (capacity: number): number => Math.max(1, Math.min(4, 2 + Math.floor(capacity / 15)));

/**
 * Which lines turn out (partly) missing, each with probability `share`, and how many units of each.
 * Never every unit of the order: a bag with nothing in it cannot be packed (the order would have to
 * be cancelled, which is not what this simulates).
 */
export function missingPlan(lines: readonly CartLine[], rng: Random, share: number): CartLine[] {
  let unitsLeft = lines.reduce((s, l) => s + l.quantity, 0);
  const missing: CartLine[] = [];
  for (const line of lines) {
    if (!rng.chance(share)) continue;
    const quantity = Math.min(rng.int(1, line.quantity), unitsLeft - 1);
    if (quantity <= 0) continue;
    unitsLeft -= quantity;
    missing.push({ productId: line.productId, quantity });
  }
  return missing;
}

export class StoreBot {
  private readonly taken = new Set<string>();
  private readonly working = new Set<Promise<void>>();
  private free: number;
  private readonly waiting: (() => void)[] = [];
  private readonly jitter: Random;

  constructor(
    private readonly ctx: SimContext,
    readonly storeId: string,
    capacity: number,
  ) {
    this.free = pickersFor(capacity);
    this.jitter = ctx.random.fork(`store-poll:${storeId}`);
  }

  /** Polls until the run stops, then waits for the tasks in hand to stop too. */
  async run(): Promise<void> {
    const { signal } = this.ctx;
    while (!signal.aborted) {
      await this.poll();
      await sleep(pollMs(this.ctx) * this.jitter.float(0.85, 1.15), signal);
    }
    await Promise.all(this.working);
  }

  private async poll(): Promise<void> {
    const { ctx } = this;
    const token = await ctx.tokens.staff(this.storeId);
    let after: string | null = null;
    for (let page = 0; page < QUEUE_PAGES; page++) {
      let data: SimStoreQueueQuery;
      try {
        data = await ctx.client.request(SimStoreQueueDocument, token, { storeId: this.storeId, after });
      } catch (error) {
        // The next poll is a second away; no retry needed.
        ctx.ledger.error('storeQueue', error);
        return;
      }
      for (const { node } of data.storeQueue.edges) {
        if (node.status !== 'QUEUED' && node.status !== 'PICKING') continue;
        const order = ctx.ledger.get(node.order.id) ?? (ctx.args.adopt ? this.adopt(node) : undefined);
        if (!order || this.taken.has(order.id!) || isFinished(order)) continue;
        this.taken.add(order.id!);
        const work = this.work(order, node).finally(() => this.working.delete(work));
        this.working.add(work);
      }
      if (!data.storeQueue.pageInfo.hasNextPage) return;
      after = data.storeQueue.pageInfo.endCursor ?? null;
    }
  }

  /** An open task of an order this run did not place, taken over with the lines still to pick. */
  private adopt(task: QueueTask): SimOrder {
    const lines = task.items.map((i) => ({ productId: i.product.id, quantity: i.quantity - i.missingQuantity }));
    return this.ctx.ledger.adopt(task.order.id, this.storeId, lines, { lat: 0, lng: 0 });
  }

  private async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }

  private async work(order: SimOrder, task: QueueTask): Promise<void> {
    const { ctx } = this;
    const { ledger, signal } = ctx;
    const orderId = order.id!;
    const token = await ctx.tokens.staff(this.storeId);
    const rng = ctx.random.fork(`pick:${order.index}`);
    const seenAt = Date.now();
    order.promisedReadyAt = Date.parse(task.promisedReadyAt);
    // A step's answer other than PickTaskUpdated is a refusal: thrown and counted like an error.
    const send = <T, V, R extends { __typename: string }, N extends R['__typename']>(operation: string, document: TypedDocumentNode<T, V>, variables: V, pick: (data: T) => R, expected: N) =>
      withRetries(
        async () => expectMember(operation, pick(await ctx.client.request(document, token, variables)), expected),
        (error, willRetry) => ledger.error(operation, error, willRetry),
      );

    await this.acquire();
    let operation = 'beginPicking';
    try {
      await sleep(realMs(ctx, startDelaySeconds(rng)), signal);
      if (signal.aborted || isFinished(order)) return;
      if (task.status === 'QUEUED') {
        await send('beginPicking', SimBeginPickingDocument, { orderId }, (d) => d.beginPicking, 'PickTaskUpdated');
        ledger.counters.picking += 1;
      }
      const lines = task.items.length ? task.items.map((i) => ({ productId: i.product.id, quantity: i.quantity - i.missingQuantity })) : order.lines;
      const missing = missingPlan(lines, rng, ctx.args.missing);
      const picking = pickSeconds(lines, rng);
      // Gaps are found along the way: each report lands at a random point of the picking.
      const moments = missing.map(() => rng.float(0.2, 0.9)).sort((a, b) => a - b);
      let done = 0;
      for (const [k, line] of missing.entries()) {
        await sleep(realMs(ctx, (moments[k]! - done) * picking), signal);
        done = moments[k]!;
        if (signal.aborted || isFinished(order)) return;
        operation = 'reportItemMissing';
        await send('reportItemMissing', SimReportItemMissingDocument, { orderId, ...line }, (d) => d.reportItemMissing, 'PickTaskUpdated');
        ledger.counters.missingReports += 1;
        ledger.counters.missingUnits += line.quantity;
      }
      await sleep(realMs(ctx, (1 - done) * picking + packSeconds(rng)), signal);
      if (signal.aborted || isFinished(order)) return;
      operation = 'packOrder';
      const { task: markPacked } = await send('packOrder', SimPackOrderDocument, { orderId }, (d) => d.packOrder, 'PickTaskUpdated');
      order.packedAt = timeOf(markPacked.packedAt);
      order.storeWork = { start: seenAt, end: Date.now() };
      order.isLate = markPacked.isLate;
      order.minutesLate = markPacked.minutesLate;
      ledger.counters.packed += 1;
    } catch (error) {
      // Counted by `send`; the task cannot go on (cancelled, or refused), so neither can the order.
      ledger.fail(order, `store ${operation} ${errorCode(error) ?? 'INTERNAL'}`);
    } finally {
      this.release();
    }
  }
}
