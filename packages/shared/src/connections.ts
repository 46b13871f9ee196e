import { Redis } from 'ioredis';
import { connect, type MsgHdrs, type NatsConnection } from 'nats';

export type { MsgHdrs, NatsConnection };
export { Redis };

/** The longest any one Redis command may take, queued or sent, before it fails (see `createRedis`). */
export const REDIS_COMMAND_TIMEOUT_MS = 5000;

/**
 * A Redis client on which no command waits longer than `REDIS_COMMAND_TIMEOUT_MS`, whatever Redis does:
 * - `enableOfflineQueue` stays on: a command sent while the client connects at start, or during a
 *   reconnect after a blip, goes out once the connection is back instead of failing at once (tracking's
 *   writes and the gateway's APQ reads ride out a restart of Redis).
 * - `maxRetriesPerRequest: 2`: while Redis stays unreachable, queued commands fail after two reconnect
 *   attempts (ioredis' default of 20 held them for about 20 s).
 * - `commandTimeout`: the bound for what the two above cannot see, a server that accepts the connection
 *   and never answers (no reconnect ever happens then). ioredis arms it for queued commands too.
 * - `connectTimeout: 2000`: a host that drops packets holds each connect attempt 2 s, not ioredis' 10 s.
 * - `enableAutoPipelining`: commands issued in the same tick (every signed request's replay check, the
 *   gateway's rate-limit spends, tracking's writes under load) leave in one write instead of one system
 *   call each; their order and replies are unchanged. No caller uses blocking commands, which would
 *   hold the pipeline.
 * Callers with a tighter budget than 5 s (availability answers in ~100 ms) do not wait for these: they
 * check `status` first and race their own timeout (see availability's `RedisHealth`).
 */
export function createRedis(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    enableAutoPipelining: true,
  });
}

/** Connects to NATS, retrying in the background if the server goes away after the first connect. */
export async function connectNats(servers: string, name: string): Promise<NatsConnection> {
  return connect({ servers: servers.split(','), name, reconnect: true, maxReconnectAttempts: -1, timeout: 3000 });
}

/** Resolves with `promise` or rejects after `ms`: a readiness probe must answer even when a dependency hangs. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  // One promise and one timer, not a race of two promises and a finally: every signed request's replay
  // check goes through here.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
