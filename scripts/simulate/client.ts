/**
 * The simulator's only way into the platform: GraphQL over HTTP through the gateway, as the apps
 * would call it, with development tokens signed for each role.
 */
import { DEV_JWT_SECRET, type Role } from '@qc/shared';
import { signDevToken } from '../../gateway/src/auth';

/** A request that came back with a GraphQL error or no usable answer; `code` is what to count it under. */
export class GraphQLRequestError extends Error {
  override name = 'GraphQLRequestError';

  constructor(
    /** The operation name, e.g. `placeOrder`. */
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
   * Sends one operation and returns its `data`. Any GraphQL error fails the whole call: every
   * operation the simulator sends asks for one root field, so a partial answer is no answer.
   */
  async request<T>(operation: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables, operationName: operation }),
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
  read<T>(operation: string, token: string | null, query: string, variables: Record<string, unknown> = {}, onError: (error: unknown, willRetry: boolean) => void = () => undefined): Promise<T> {
    return withRetries(() => this.request<T>(operation, token, query, variables), onError, 3, 500, isRetryableRead);
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
