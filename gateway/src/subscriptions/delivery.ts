import { GraphQLError, type ExecutionResult } from 'graphql';

/**
 * `ordered`: every result is kept, in order (status changes: never dropped). `latest`: only the newest
 * pending result is kept (positions: a slow client skips to the latest instead of falling behind).
 */
export type DeliveryMode = 'ordered' | 'latest';

export type PushOutcome = 'queued' | 'coalesced' | 'overflow';

/** Results waiting for one subscriber whose socket is still busy sending the previous one. */
export class DeliveryQueue<T> {
  private items: T[] = [];
  /** Results replaced by a newer one before they were sent. */
  coalesced = 0;

  constructor(
    readonly mode: DeliveryMode,
    /** Ordered results held before `push` answers `overflow` (the subscriber cannot keep up). */
    readonly maxPending: number,
  ) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): PushOutcome {
    if (this.mode === 'latest' && this.items.length > 0) {
      this.items[this.items.length - 1] = item;
      this.coalesced += 1;
      return 'coalesced';
    }
    if (this.items.length >= this.maxPending) return 'overflow';
    this.items.push(item);
    return 'queued';
  }

  /** Puts results in front of everything pending (the current state, sent before any change). */
  prepend(items: readonly T[]): void {
    this.items = [...items, ...this.items];
  }

  shift(): T | undefined {
    return this.items.shift();
  }

  clear(): void {
    this.items = [];
  }
}

/** An error inside a live result, its path relative to the subscribed field's value. */
export interface RelativeError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** One result for a subscription, before it is addressed to the subscriber's own field alias. */
export interface LiveValue {
  value: unknown;
  errors?: readonly RelativeError[];
}

export interface LiveSubscriptionHooks {
  /** The subscription ended, whoever ended it: forget it everywhere. Called once. */
  released(subscription: LiveSubscription): void;
  /** An ordered result found the queue full. */
  overflowed(subscription: LiveSubscription): void;
}

/**
 * One subscriber's stream, handed to graphql-ws as the subscription's async iterator. graphql-ws asks
 * for the next result only after the previous one was written to the socket, so the queue holds exactly
 * what a slow client has not taken yet: that is where positions are coalesced and where an ordered
 * backlog is detected. Results pushed before `start` wait behind the current state.
 */
export class LiveSubscription implements AsyncIterableIterator<ExecutionResult> {
  /** Sequence number of the last event its topic had received when it joined: older ones are not for it. */
  joinedSeq = 0;
  delivered = 0;
  private readonly queue: DeliveryQueue<ExecutionResult>;
  private started = false;
  private finished = false;
  private waiter?: (result: IteratorResult<ExecutionResult>) => void;

  constructor(
    readonly responseKey: string,
    mode: DeliveryMode,
    maxPending: number,
    private readonly hooks: LiveSubscriptionHooks,
  ) {
    this.queue = new DeliveryQueue(mode, maxPending);
  }

  get done(): boolean {
    return this.finished;
  }

  get pending(): number {
    return this.queue.size;
  }

  get coalesced(): number {
    return this.queue.coalesced;
  }

  /** Queues a result (or hands it straight to a waiting socket); says what became of it. */
  push(live: LiveValue): PushOutcome | 'sent' | 'ended' {
    if (this.finished) return 'ended';
    const result = this.address(live);
    if (this.started && this.waiter) {
      this.handOver(result);
      return 'sent';
    }
    const outcome = this.queue.push(result);
    if (outcome === 'overflow') this.hooks.overflowed(this);
    return outcome;
  }

  /** Sends the current state first, then whatever arrived meanwhile. */
  start(current: readonly LiveValue[] = []): void {
    if (this.finished || this.started) return;
    this.queue.prepend(current.map((live) => this.address(live)));
    this.started = true;
    const next = this.waiter && this.queue.shift();
    if (next) this.handOver(next);
  }

  /** Ends the stream from the server's side; graphql-ws then sends `complete`. */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.queue.clear();
    this.hooks.released(this);
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    const ready = this.started ? this.queue.shift() : undefined;
    if (ready) {
      this.delivered += 1;
      return Promise.resolve({ value: ready, done: false });
    }
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** The client completed, or its socket closed. */
  return(): Promise<IteratorResult<ExecutionResult>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<ExecutionResult>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private handOver(result: ExecutionResult) {
    const waiter = this.waiter!;
    this.waiter = undefined;
    this.delivered += 1;
    waiter({ value: result, done: false });
  }

  private address({ value, errors }: LiveValue): ExecutionResult {
    const graphqlErrors = errors?.length
      ? errors.map((e) => new GraphQLError(e.message, { path: [this.responseKey, ...(e.path ?? [])], extensions: e.extensions }))
      : undefined;
    // A failed non-null field nulls the whole answer, as in any GraphQL response.
    const data = value === null && graphqlErrors ? null : { [this.responseKey]: value };
    return graphqlErrors ? { data, errors: graphqlErrors } : { data };
  }
}
