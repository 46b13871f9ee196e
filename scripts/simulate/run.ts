/**
 * One simulator run: look at the city through the gateway, start the bots, show progress, stop when
 * every order is delivered or failed (or at the timeout), put the couriers offline and sum it up.
 */
import { setMaxListeners } from 'node:events';
import { Random } from '../seed/random';
import type { SimulateArgs } from './args';
import { SimOrderStatusesDocument, type SimOrderStatusesQuery, type SimOrderStatusesQueryVariables } from '../../clients/simulator/__generated__/graphql';
import { GraphQLClient, sleep, slotAnswers, slotVariables, Tokens } from './client';
import { findOpenWork, type OpenWork } from './adopt';
import { CourierBot, chooseCouriers, findCouriers, type CarriedOrder, type ChosenCourier } from './couriers';
import { countProducts, Customers, discoverStores, stockedProducts, type SimStore, type StockedProduct } from './customers';
import { isFinished, Ledger, type SimContext, type SimOrder } from './ledger';
import { StoreBot } from './stores';
import { errorTotal, formatProgress, summarize, type Summary } from './stats';

const PROGRESS_MS = 2_000;
/** A demo run goes on for hours beside the supergraph's logs: a line a minute is plenty. */
const DEMO_PROGRESS_MS = 60_000;
const MONITOR_MS = 5_000;
/** Orders read per admin query: the slots of SimOrderStatuses (within LIMIT_MAX_ALIASES, 30). */
const STATUS_BATCH = 25;
/** Orders's view lags the bots by an event or two; give it this long before reading Order.status. */
const SETTLE_MS = 3_000;
const ENDED = new Set(['CANCELLED', 'REFUNDED', 'REJECTED', 'PAYMENT_FAILED']);

type OrderView = NonNullable<SimOrderStatusesQuery['o0']>;

/** Order.status and what fulfillment and delivery say of each order, read as admin in batches. */
async function readOrders(ctx: SimContext, orders: readonly SimOrder[]): Promise<Map<string, OrderView>> {
  const token = await ctx.tokens.admin();
  const views = new Map<string, OrderView>();
  const ids = orders.flatMap((o) => (o.id ? [o.id] : []));
  for (let i = 0; i < ids.length; i += STATUS_BATCH) {
    const batch = ids.slice(i, i + STATUS_BATCH);
    try {
      const variables = slotVariables<SimOrderStatusesQueryVariables>('o', batch, STATUS_BATCH);
      const data = await ctx.client.read(SimOrderStatusesDocument, token, variables, (error) => ctx.ledger.error('orderStatuses', error));
      for (const view of slotAnswers<OrderView | null>(data, 'o', batch.length)) if (view) views.set(view.id, view);
    } catch {
      // Counted by the retries; those orders keep no view this time.
    }
  }
  return views;
}

/** Marks orders the platform ended without us (cancelled, escalated) as failed, so the run can finish. */
async function monitor(ctx: SimContext): Promise<void> {
  const due = ctx.ledger.open().filter((o) => o.placedAt !== undefined && Date.now() - o.placedAt > MONITOR_MS);
  if (!due.length) return;
  for (const [id, view] of await readOrders(ctx, due)) {
    const order = ctx.ledger.get(id)!;
    if (ENDED.has(view.status)) ctx.ledger.fail(order, `order ${view.status}`);
    else if (view.delivery?.status === 'FAILED') ctx.ledger.fail(order, 'delivery FAILED (escalated)');
    else if (view.pickTask?.status === 'CANCELLED') ctx.ledger.fail(order, 'pick task CANCELLED');
  }
}

interface Setup {
  stores: SimStore[];
  orderStores: SimStore[];
  stock: Map<string, StockedProduct[]>;
  chosen: (ChosenCourier & { carried?: CarriedOrder })[];
  work: OpenWork;
}

/** The stores that are open and stocked, what they stock, and the couriers nearest them; or why not. */
async function prepare(ctx: SimContext): Promise<Setup | string> {
  const stores = await discoverStores(ctx);
  if (!stores.length) return 'the city is empty: no store answered (seed it first: npm run seed, or npm start on an empty database)';
  const open = stores.filter((s) => s.isOpen);
  if (!open.length) return `none of the ${stores.length} stores is open right now`;
  const productCount = await countProducts(ctx);
  const stock = new Map<string, StockedProduct[]>();
  for (const store of open) stock.set(store.id, await stockedProducts(ctx, store, productCount));
  const orderStores = open.filter((s) => (stock.get(s.id)?.length ?? 0) > 0);
  if (!orderStores.length) return 'no open store has products in stock';
  ctx.log(`simulate: ${orderStores.length} open stores with stock (${orderStores.map((s) => s.id).join(', ')}), ${[...stock.values()].reduce((n, l) => n + l.length, 0)} products to order from`);

  const roster = await findCouriers(ctx);
  if (!roster.length) return 'the city has no couriers (seed it first: npm run seed)';
  const chosen: Setup['chosen'] = chooseCouriers(roster, orderStores, stores, ctx.args.couriers);
  if (!chosen.length) return 'no free (OFFLINE or IDLE) courier was found';
  ctx.log(`simulate: ${chosen.length} courier bots (${chosen[0]!.courier.id} … nearest the order stores first) going online`);
  const work: OpenWork = ctx.args.adopt ? await findOpenWork(ctx, stores) : { storesWithTasks: [], carried: new Map() };
  if (ctx.args.adopt) {
    // Couriers the city left carrying or offered an order: their own bots, starting where tracking saw them.
    const fallback = orderStores[0]!.location;
    const busy = roster.filter((c) => work.carried.has(c.id) || c.status === 'OFFERED');
    for (const courier of busy) chosen.push({ courier, start: courier.position ?? fallback, carried: work.carried.get(courier.id) });
    ctx.log(`simulate: adopting ${work.carried.size} orders on their way, ${busy.length - work.carried.size} pending offers, the queues of ${work.storesWithTasks.length} stores`);
  }
  return { stores, orderStores, stock, chosen, work };
}

export interface RunResult {
  summary: Summary;
  /** Every order of the run with what the bots saw happen to it. */
  orders: readonly SimOrder[];
  /** Couriers that could not be put OFFLINE because they still carry an order. */
  leftBusy: string[];
  /** Why the run ended early, before anything was simulated. */
  aborted?: string;
}

export interface RunOptions {
  interrupt?: AbortSignal;
  log?: (line: string) => void;
  /** Called once the city is read and the couriers are online, just before the first order is placed. */
  onReady?: () => void;
  /** Called with each order's id as soon as placeOrder answers it. */
  onOrderPlaced?: (orderId: string) => void;
}

export async function runSimulation(args: SimulateArgs, options: RunOptions = {}): Promise<RunResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stop = new AbortController();
  // Every bot sleeps on the run's signal at once: hundreds of listeners are expected, not a leak.
  setMaxListeners(0, stop.signal);
  if (options.interrupt) setMaxListeners(0, options.interrupt);
  const ctx: SimContext = {
    args,
    client: new GraphQLClient({ url: args.gatewayUrl }),
    tokens: new Tokens(),
    ledger: new Ledger(log, options.onOrderPlaced),
    random: new Random(args.seed),
    signal: stop.signal,
    log,
  };
  const startedAt = Date.now();
  const finish = (leftBusy: string[], timedOut: boolean, aborted?: string): RunResult => ({
    summary: summarize({
      requested: args.orders,
      orders: ctx.ledger.orders,
      counters: ctx.ledger.counters,
      errors: ctx.ledger.errors,
      retried: ctx.ledger.retried,
      speed: args.speed,
      elapsedMs: Date.now() - startedAt,
      timedOut,
    }),
    orders: ctx.ledger.orders,
    leftBusy,
    aborted,
  });

  const waitUntil = Date.now() + args.waitSeconds * 1000;
  while (!(await ctx.client.healthy())) {
    if (Date.now() >= waitUntil || options.interrupt?.aborted) return finish([], false, `the gateway does not answer at ${args.gatewayUrl} (start the supergraph first: npm start)`);
    await sleep(1_000, options.interrupt);
  }

  log(`simulate: ${args.orders} orders at ${args.rate}/s through ${args.gatewayUrl}, ${args.speed}× time, seed ${args.seed}`);
  let setup: Setup | string;
  try {
    setup = await prepare(ctx);
  } catch (error) {
    setup = `looking at the city failed: ${(error as Error).message}`;
  }
  if (typeof setup === 'string') return finish([], false, setup);
  const { stores, orderStores, stock, chosen, work } = setup;

  const couriers = chosen.map(({ courier, start, carried }) => new CourierBot(ctx, courier.id, courier.vehicle, start, carried));
  const courierRuns = couriers.map((bot) => bot.run());

  const storeById = new Map<string, SimStore>(stores.map((s) => [s.id, s]));
  const storeBots = new Map<string, { bot: StoreBot; running: Promise<void> }>();
  const startStoreBot = (storeId: string) => {
    if (storeBots.has(storeId)) return;
    const bot = new StoreBot(ctx, storeId, storeById.get(storeId)?.capacity ?? 20);
    storeBots.set(storeId, { bot, running: bot.run() });
  };
  const onPlaced = (order: SimOrder) => startStoreBot(order.storeId!);
  work.storesWithTasks.forEach(startStoreBot);

  // Couriers need a moment to report and go online before the first order is packed.
  await sleep(1_000, options.interrupt);
  options.onReady?.();
  const customers = new Customers(ctx, orderStores, stock, onPlaced);
  let customersDone = false;
  const placing = customers.run().then(
    () => {
      customersDone = true;
    },
    (error: unknown) => {
      log(`simulate: customers stopped: ${(error as Error).message}`);
      ctx.ledger.error('customers', error);
      customersDone = true;
    },
  );

  const progress = setInterval(() => {
    const states = { idle: 0, offered: 0, busy: 0 };
    for (const bot of couriers) if (bot.state === 'idle' || bot.state === 'offered' || bot.state === 'busy') states[bot.state] += 1;
    log(formatProgress(Date.now() - startedAt, args.orders, ctx.ledger.counters, errorTotal(ctx.ledger.errors), states));
  }, args.demo ? DEMO_PROGRESS_MS : PROGRESS_MS);

  let timedOut = false;
  let lastMonitor = Date.now();
  const deadline = startedAt + args.timeoutSeconds * 1000;
  while (!options.interrupt?.aborted) {
    if (customersDone && ctx.ledger.orders.every(isFinished)) break;
    if (Date.now() >= deadline) {
      timedOut = true;
      break;
    }
    if (Date.now() - lastMonitor >= MONITOR_MS) {
      lastMonitor = Date.now();
      await monitor(ctx);
    }
    await sleep(250, options.interrupt);
  }
  if (options.interrupt?.aborted) log('simulate: interrupted, cleaning up');
  if (timedOut) log(`simulate: timeout after ${args.timeoutSeconds} s, cleaning up`);

  stop.abort();
  clearInterval(progress);
  await placing;
  await Promise.all([...courierRuns, ...[...storeBots.values()].map((s) => s.running)]);

  const offline = await Promise.all(couriers.map(async (bot) => [bot.id, await bot.goOffline()] as const));
  const leftBusy = offline.filter(([, r]) => r === 'busy').map(([id]) => id);
  const failedOffline = offline.filter(([, r]) => r === 'failed').length;
  log(`simulate: ${offline.filter(([, r]) => r === 'offline').length} couriers OFFLINE${leftBusy.length ? `, ${leftBusy.length} still carrying an order (${leftBusy.join(', ')})` : ''}${failedOffline ? `, ${failedOffline} could not be set offline` : ''}`);

  const placed = ctx.ledger.orders.filter((o) => o.id !== undefined);
  await sleep(SETTLE_MS);
  for (const [id, view] of await readOrders(ctx, placed)) ctx.ledger.get(id)!.finalStatus = view.status;
  return finish(leftBusy, timedOut);
}
