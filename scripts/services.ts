/**
 * Checks that Postgres, Redis and NATS answer before anything starts, and says plainly which one
 * does not, where, and how to start it.
 */
import net from 'node:net';

export interface ServiceCheck {
  name: 'PostgreSQL' | 'Redis' | 'NATS';
  url: string;
  howToStart: string;
}

export function servicesFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceCheck[] {
  return [
    {
      name: 'PostgreSQL',
      url: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quickcommerce',
      howToStart: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (or: docker compose -f docker-compose.yml -f docker-compose.dev.yml up -d postgres)',
    },
    {
      name: 'Redis',
      url: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      howToStart: 'redis-server --daemonize yes --port 6379   (or: docker compose -f docker-compose.yml -f docker-compose.dev.yml up -d redis)',
    },
    {
      name: 'NATS',
      url: (env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',')[0]!,
      howToStart: 'nats-server -js   (or: docker compose -f docker-compose.yml -f docker-compose.dev.yml up -d nats)',
    },
  ];
}

const DEFAULT_PORTS: Record<string, number> = { 'postgres:': 5432, 'postgresql:': 5432, 'redis:': 6379, 'nats:': 4222 };

/** Resolves true when a TCP connection to the URL's host and port opens within the timeout. */
export function answers(url: string, timeoutMs = 1500): Promise<boolean> {
  const parsed = new URL(url);
  const port = Number(parsed.port) || DEFAULT_PORTS[parsed.protocol] || 0;
  return new Promise((resolve) => {
    const socket = net.connect({ host: parsed.hostname.replace(/^\[|\]$/g, ''), port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The services that do not answer, in the order they are listed. */
export async function missingServices(checks: ServiceCheck[] = servicesFromEnv()): Promise<ServiceCheck[]> {
  const results = await Promise.all(checks.map(async (check) => ((await answers(check.url)) ? null : check)));
  return results.filter((r): r is ServiceCheck => r !== null);
}

export function describeMissing(missing: ServiceCheck[]): string {
  return missing
    .map((s) => `✗ ${s.name} does not answer at ${s.url.replace(/\/\/[^@/]*@/, '//')}\n  start it with: ${s.howToStart}`)
    .join('\n');
}
