/** The real graphql-ws client over `ws`, with a recorder for what a subscription receives. */
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { until } from '@qc/shared/testing';

export interface Closed {
  code: number;
  reason: string;
}

export interface TestClient extends Client {
  /** Set when the socket closed (code and reason). */
  closed?: Closed;
  /** Resolves with the close event's code and reason when the socket closes. */
  whenClosed: Promise<Closed>;
}

/** A client that connects at once with `token` in `connection_init`, and never retries. */
export function connectClient(url: string, token?: string, params: Record<string, unknown> = {}): TestClient {
  const holder: { client?: TestClient } = {};
  let closed!: (event: Closed) => void;
  const whenClosed = new Promise<Closed>((resolve) => (closed = resolve));
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}`, ...params } : params,
    onNonLazyError: () => undefined,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        holder.client!.closed = { code, reason: String(reason) };
        closed(holder.client!.closed);
      },
    },
  }) as TestClient;
  client.whenClosed = whenClosed;
  holder.client = client;
  return client;
}

type Result = FormattedExecutionResult<Record<string, any>, unknown>;

/** Everything one subscription received, with waits on it. */
export class Recorder {
  readonly results: Result[] = [];
  error: unknown;
  completed = false;
  readonly unsubscribe: () => void;
  private readonly wakers = new Set<() => void>();

  /** `extensions` go in the subscribe payload as sent, e.g. a persisted query's id (with an empty `query`). */
  constructor(client: Client, query: string, variables: Record<string, unknown> = {}, extensions?: Record<string, unknown>) {
    this.unsubscribe = client.subscribe<Record<string, any>>(
      { query, variables, ...(extensions ? { extensions } : {}) },
      {
        next: (result) => {
          this.results.push(result);
          this.wake();
        },
        error: (error) => {
          this.error = error;
          this.wake();
        },
        complete: () => {
          this.completed = true;
          this.wake();
        },
      },
    );
  }

  /** The `data` of every result so far. */
  get data(): Record<string, any>[] {
    return this.results.map((r) => r.data ?? {});
  }

  /** Resolves when `check` holds; rejects after `ms` saying what was received. */
  async until(check: (r: this) => boolean, ms = 10_000, what = 'condition'): Promise<this> {
    const deadline = Date.now() + ms;
    while (!check(this)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`${what} not met in ${ms} ms; received ${JSON.stringify(this.results)}, error ${JSON.stringify(this.error)}, completed ${this.completed}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.wakers.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this;
  }

  count(n: number, ms?: number): Promise<this> {
    return this.until((r) => r.results.length >= n, ms, `${n} results`);
  }

  ended(ms?: number): Promise<this> {
    return this.until((r) => r.completed || r.error !== undefined, ms, 'error or complete');
  }

  /** The error codes of a refusal (the graphql-ws Error message), if that is how it ended. */
  get errorCodes(): string[] {
    return Array.isArray(this.error) ? this.error.map((e: { extensions?: { code?: string } }) => String(e.extensions?.code)) : [];
  }

  private wake() {
    const wakers = [...this.wakers];
    this.wakers.clear();
    for (const w of wakers) w();
  }
}

export const follow = (client: Client, query: string, variables?: Record<string, unknown>) => new Recorder(client, query, variables);

/** The shared `until`, in the argument order these tests were written with. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  await until(check, what, ms);
}

/** POSTs an operation to the gateway over HTTP. */
export async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ status: number; data?: any; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}
