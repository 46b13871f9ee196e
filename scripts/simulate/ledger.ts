/**
 * The simulator's own record of the run: every order it placed with what its bots saw happen to it,
 * the counters and the errors. Shared by the customers, the store bots and the courier bots, which
 * run in one process and take turns on the event loop, so plain objects are enough.
 */
import type { Point } from './movement';
import { GraphQLRequestError, isRetryable, type GraphQLClient, type Tokens } from './client';
import { newCounters, tallyError, type Counters, type ErrorTally, type OrderTimeline } from './stats';
import type { Random } from '../seed/random';
import type { SimulateArgs } from './args';

export interface CartLine {
  productId: string;
  quantity: number;
}

export interface SimOrder extends OrderTimeline {
  /** 0-based position in the run. */
  index: number;
  customerId: string;
  lines: CartLine[];
  location: Point;
  /** The store the cart was drawn from; availability may choose another one that covers the place. */
  plannedStoreId: string;
  /** Set once placed. */
  id?: string;
  /** Open work found in the city and taken over (`--adopt`), not placed by this run. */
  adopted?: boolean;
  storeId?: string;
  courierId?: string;
}

export class Ledger {
  readonly orders: SimOrder[] = [];
  readonly counters: Counters = newCounters();
  readonly errors: ErrorTally = {};
  /** Retryable failures (UNAVAILABLE, RATE_LIMITED, NETWORK, TIMEOUT) that were, or will be, sent again: not failures. */
  readonly retried: ErrorTally = {};
  private readonly byId = new Map<string, SimOrder>();

  /**
   * `log` hears the first error of each code and operation, with its message; `onPlaced` hears each
   * order's id as placeOrder answers it (a watcher may follow it live).
   */
  constructor(
    private readonly log: (line: string) => void = () => undefined,
    private readonly onPlaced: (orderId: string) => void = () => undefined,
  ) {}

  add(order: SimOrder): void {
    this.orders.push(order);
  }

  /** Called when placeOrder answered with the order's id. */
  register(order: SimOrder): void {
    if (!order.id) return;
    this.byId.set(order.id, order);
    this.onPlaced(order.id);
  }

  /**
   * Takes over an order this run did not place. It is not one of the run's `orders` (the summary is
   * about those), but the bots find it by id like their own.
   */
  adopt(id: string, storeId: string | undefined, lines: CartLine[], location: Point): SimOrder {
    const known = this.byId.get(id);
    if (known) return known;
    const order: SimOrder = { index: -1 - this.byId.size, id, customerId: '', lines, location, plannedStoreId: storeId ?? '', storeId, adopted: true };
    this.byId.set(id, order);
    this.counters.adopted += 1;
    return order;
  }

  get(orderId: string): SimOrder | undefined {
    return this.byId.get(orderId);
  }

  /** Orders that still need something from the bots. */
  open(): SimOrder[] {
    return this.orders.filter((o) => o.id !== undefined && !isFinished(o));
  }

  fail(order: SimOrder, reason: string): void {
    if (isFinished(order)) return;
    order.failure = reason;
    this.counters.failed += 1;
  }

  /**
   * Counts an error under its code and operation; anything that is not a request error is `INTERNAL`.
   * `willRetry`: the caller sends it again (true) or has given up (false). Without it (a call made once,
   * such as a location report that the next one replaces), a retryable code counts as retried, not as
   * an error: the platform said "try again", nothing was lost.
   */
  error(operation: string, error: unknown, willRetry: boolean = isRetryable(error)): void {
    const code = error instanceof GraphQLRequestError ? error.code : 'INTERNAL';
    const tally = willRetry ? this.retried : this.errors;
    if (!tally[code]?.[operation]) this.log(`simulate: first ${code} from ${operation}${willRetry ? ' (retryable)' : ''}: ${(error as Error).message}`);
    tallyError(tally, code, operation);
  }
}

/** Delivered or failed: nothing more will happen to it. */
export const isFinished = (o: SimOrder): boolean => o.deliveredAt !== undefined || o.failure !== undefined;

/** What every part of the simulator works with. */
export interface SimContext {
  args: SimulateArgs;
  client: GraphQLClient;
  tokens: Tokens;
  ledger: Ledger;
  /** The run's root random source; each bot forks its own stream by name. */
  random: Random;
  /** Aborted when the run stops (finished, timed out or interrupted). */
  signal: AbortSignal;
  log: (line: string) => void;
}

/** Real milliseconds for a simulated duration. */
export const realMs = (ctx: SimContext, simSeconds: number): number => (simSeconds * 1000) / ctx.args.speed;

/** How often bots poll: once a second, or every three seconds in a demo run, which shares a laptop with everything else. */
export const pollMs = (ctx: SimContext): number => (ctx.args.demo ? 3_000 : 1_000);
