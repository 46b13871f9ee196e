import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';

export type { NatsConnection };
export { Redis };

/** A Redis client that gives up on a command after a few retries instead of queueing forever. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
}

/** Connects to NATS, retrying in the background if the server goes away after the first connect. */
export async function connectNats(servers: string, name: string): Promise<NatsConnection> {
  return connect({ servers: servers.split(','), name, reconnect: true, maxReconnectAttempts: -1, timeout: 3000 });
}

/** Resolves with `promise` or rejects after `ms`: a readiness probe must answer even when a dependency hangs. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
