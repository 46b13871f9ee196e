/**
 * The simulator's only way into the platform: GraphQL over HTTP through the gateway, as the apps
 * would call it, with development tokens signed for each role.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { DEV_JWT_SECRET, type Role } from '@qc/shared';
import { signDevToken } from '../../gateway/src/auth';
import { operationRequest } from '../../clients/persisted';

/** A request that came back with a GraphQL error or no usable answer; `code` is what to count it under. */
export class GraphQLRequestError extends Error {
  override name = 'GraphQLRequestError';

  constructor(
    /** The operation name, e.g. `SimPlaceOrder`. */
    readonly operation: string,
    /** `extensions.code` of the first error, or NETWORK / TIMEOUT / HTTP_<status> / GRAPHQL_ERROR. */
    readonly code: string,
    message: string,
  ) {
    super(`${operation}: ${code}: ${message}`);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface ClientOptions {
  url: string;
  /** Per request; the answer is counted as TIMEOUT after it. */
  timeoutMs?: number;
}

export class GraphQLClient {
  private readonly timeoutMs: number;

  constructor(private readonly options: ClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  get url(): string {
    return this.options.url;
  }

  /**
   * Sends one of the simulator's typed documents (clients/simulator) and returns its `data`. Any
   * GraphQL error fails the whole call: a partial answer is no answer to the simulator.
   */
  async request<T, V>(document: TypedDocumentNode<T, V>, token: string | null, variables: V): Promise<T> {
    const sent = operationRequest(document, variables);
    const operation = sent.operationName;
    let res: Response;
    try {
      res = await fetch(this.options.url, {
        method: 'POST',
        // The gateway's open policy for the simulator; it counts any operation no client registers.
        headers: { 'content-type': 'application/json', 'apollographql-client-name': 'simulator', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(sent),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const e = error as Error;
      const code = e.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK';
      throw new GraphQLRequestError(operation, code, e.message);
    }
    let body: GraphQLResponse<T>;
    try {
      body = (await res.json()) as GraphQLResponse<T>;
    } catch (error) {
      throw new GraphQLRequestError(operation, res.ok ? 'NETWORK' : `HTTP_${res.status}`, (error as Error).message);
    }
    const first = body.errors?.[0];
    if (first) throw new GraphQLRequestError(operation, first.extensions?.code ?? (res.ok ? 'GRAPHQL_ERROR' : `HTTP_${res.status}`), first.message);
    if (!body.data) throw new GraphQLRequestError(operation, res.ok ? 'GRAPHQL_ERROR' : `HTTP_${res.status}`, 'no data in the answer');
    return body.data;
  }

  /** `request` for reads, which are safe to repeat: retried on the failures `isRetryableRead` names. */
  read<T, V>(document: TypedDocumentNode<T, V>, token: string | null, variables: V, onError: (error: unknown, willRetry: boolean) => void = () => undefined): Promise<T> {
    return withRetries(() => this.request(document, token, variables), onError, 3, 500, isRetryableRead);
  }

  /** Resolves when the gateway's /health answers, false when it does not within the timeout. */
  async healthy(timeoutMs = 3000): Promise<boolean> {
    try {
      const res = await fetch(this.options.url.replace(/\/graphql\/?$/, '/health'), { signal: AbortSignal.timeout(timeoutMs) });
      return res.ok;
    } catch {
      return false;
    }
  }
}

/** A time the platform answered with, in ms since the epoch; now when the answer left it out. */
export const timeOf = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : Date.now());

/** Development tokens, signed once per identity (12 h, longer than any run). */
export class Tokens {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly secret: string = process.env.JWT_SECRET ?? DEV_JWT_SECRET) {}

  private token(key: string, sub: string, role: Role, extra: { storeId?: string; courierId?: string } = {}): Promise<string> {
    let token = this.cache.get(key);
    if (!token) {
      token = signDevToken(this.secret, { sub, role, ...extra });
      this.cache.set(key, token);
    }
    return token;
  }

  customer(id: string): Promise<string> {
    return this.token(`customer:${id}`, id, 'customer');
  }

  /** A staff member of one store; the simulator's staff are called `sim_staff_<storeId>`. */
  staff(storeId: string): Promise<string> {
    return this.token(`staff:${storeId}`, `sim_staff_${storeId}`, 'store_staff', { storeId });
  }

  courier(id: string): Promise<string> {
    return this.token(`courier:${id}`, id, 'courier', { courierId: id });
  }

  admin(): Promise<string> {
    return this.token('admin', 'adm_simulator', 'admin');
  }
}

/** Waits `ms`, or less when `signal` aborts first (then it resolves, never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The codes the gateway's README says to retry (RATE_LIMITED after its Retry-After), and transport failures. */
const RETRYABLE = new Set(['NETWORK', 'TIMEOUT', 'UNAVAILABLE', 'RATE_LIMITED']);

/** Whether a failed request is worth sending again unchanged (the platform, not the request, failed). */
export const isRetryable = (error: unknown): boolean => error instanceof GraphQLRequestError && RETRYABLE.has(error.code);

/**
 * For reads, which are safe to repeat: an INTERNAL_SERVER_ERROR is often the gateway losing a pooled
 * connection to a subgraph (socket hang up), and worth one more try.
 */
export const isRetryableRead = (error: unknown): boolean => isRetryable(error) || errorCode(error) === 'INTERNAL_SERVER_ERROR';

/** The error's code when it is a request error. */
export const errorCode = (error: unknown): string | undefined => (error instanceof GraphQLRequestError ? error.code : undefined);

/**
 * The member of a mutation's result union the bot hoped for. Any other member is a refusal the platform
 * answered with (nothing changed); it is thrown as a GraphQLRequestError counted under its type name
 * (e.g. `DeliveryStepConflict`), so a bot handles refusals and errors in one place.
 */
export function expectMember<T extends { __typename: string }, N extends T['__typename']>(operation: string, result: T, expected: N): Extract<T, { __typename: N }> {
  if (result.__typename === expected) return result as Extract<T, { __typename: N }>;
  const message = 'message' in result && typeof result.message === 'string' ? result.message : 'refused';
  throw new GraphQLRequestError(operation, result.__typename, message);
}

/**
 * Runs `send` until it succeeds, up to `attempts` times while the failure is retryable, reporting every
 * failure to `onError` (and whether it is sent again); rethrows the last one.
 */
export async function withRetries<T>(
  send: () => Promise<T>,
  onError: (error: unknown, willRetry: boolean) => void,
  attempts = 3,
  backoffMs = 500,
  retryable: (error: unknown) => boolean = isRetryable,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const again = attempt < attempts && retryable(error);
      onError(error, again);
      if (!again) throw error;
      await sleep(backoffMs * attempt);
    }
  }
}

/**
 * Variables for a batched read (clients/simulator/operations/city.graphql): `ids` in slots
 * `<prefix>0` … `<prefix><slots - 1>`, the free slots repeating the last id. The generated variables
 * type names every slot, so the caller says which it is.
 */
export function slotVariables<V>(prefix: string, ids: readonly string[], slots: number): V {
  if (!ids.length || ids.length > slots) throw new Error(`a batch holds 1 to ${slots} ids, not ${ids.length}`);
  return Object.fromEntries(Array.from({ length: slots }, (_, i) => [`${prefix}${i}`, ids[Math.min(i, ids.length - 1)]])) as V;
}

/** The answers of a batched read's first `count` slots, in slot order (free slots repeat the last). */
export function slotAnswers<T>(data: object, prefix: string, count: number): T[] {
  const answers = data as Record<string, T>;
  return Array.from({ length: count }, (_, i) => answers[`${prefix}${i}`]!);
}
