/**
 * The chaos stack's own Postgres, Redis and NATS, on their own ports and directories, so restarting
 * them never touches the servers everyone else (tests, other stacks) uses.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

export interface ChaosPorts {
  nats: number;
  redis: number;
  postgres: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once something accepts TCP connections on the port (or rejects after `ms`). */
export async function waitForPort(port: number, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
    await sleep(100);
  }
}

/** Resolves once nothing accepts connections on the port any more. */
async function waitForPortClosed(port: number, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await waitForPort(port, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
  throw new Error(`127.0.0.1:${port} still answers after ${ms} ms`);
}

/** A server process of ours: started, killed hard, started again on the same port. */
class Server {
  private child: ChildProcess | null = null;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly command: string,
    private readonly args: () => string[],
  ) {}

  async start(): Promise<void> {
    this.child = spawn(this.command, this.args(), { stdio: 'ignore' });
    this.child.once('error', (error) => console.error(`chaos: ${this.name} could not start: ${error.message}`));
    await waitForPort(this.port);
  }

  /** `kill -9`: whatever it held in memory is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await waitForPortClosed(this.port);
  }
}

/** NATS with JetStream, its store in a directory of its own (kept across a restart, like a real disk). */
export class ChaosNats extends Server {
  readonly url: string;

  constructor(port: number, readonly storeDir: string) {
    super('nats', port, existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server', () => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir]);
    this.url = `nats://127.0.0.1:${port}`;
  }

  /** An empty store: nothing of an earlier run's streams. */
  wipe(): void {
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

/** Redis without persistence: a restart brings it back empty. */
export class ChaosRedis extends Server {
  readonly url: string;

  constructor(port: number) {
    super('redis', port, 'redis-server', () => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
    this.url = `redis://127.0.0.1:${port}`;
  }
}

/**
 * A Postgres cluster of our own (`initdb` in a directory of its own, `pg_ctl` on its own port), so a
 * restart is a real one: connections cut, new ones refused until it is back. Run as the `postgres` user
 * when this script runs as root (Postgres refuses to run as root).
 */
export class ChaosPostgres {
  readonly bin: string;

  constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {
    const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
    this.bin = versions.length ? join('/usr/lib/postgresql', versions[0]!, 'bin') : '';
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private run(tool: string, args: string[]): void {
    const command = this.bin ? join(this.bin, tool) : tool;
    const asRoot = process.getuid?.() === 0;
    execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { stdio: 'pipe' });
  }

  /** A fresh cluster (an earlier run's is removed), trust auth on 127.0.0.1 only. */
  init(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(this.dataDir, uid, gid);
    }
    this.run('initdb', ['-D', this.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  }

  async start(): Promise<void> {
    this.run('pg_ctl', [
      '-D', this.dataDir, '-l', join(this.dataDir, 'server.log'), '-w', '-t', '60',
      '-o', `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dataDir} -c fsync=off -c max_connections=200`,
      'start',
    ]);
    await waitForPort(this.port);
  }

  /** Stops it the hard way (`immediate`: like a crash, recovery runs at the next start). */
  async kill(): Promise<void> {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    await waitForPortClosed(this.port);
  }

  async stop(): Promise<void> {
    try {
      this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
    } catch {
      // not running
    }
  }
}

/** All three, started fresh (empty NATS store, new Postgres cluster, empty Redis). */
export class ChaosInfra {
  readonly nats: ChaosNats;
  readonly redis: ChaosRedis;
  readonly postgres: ChaosPostgres;

  constructor(ports: ChaosPorts, dir: string) {
    this.nats = new ChaosNats(ports.nats, join(dir, 'nats'));
    this.redis = new ChaosRedis(ports.redis);
    this.postgres = new ChaosPostgres(ports.postgres, join(dir, 'postgres'));
  }

  async start(): Promise<void> {
    await this.postgres.stop();
    this.nats.wipe();
    this.postgres.init();
    await Promise.all([this.nats.start(), this.redis.start(), this.postgres.start()]);
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.nats.kill(), this.redis.kill(), this.postgres.stop()]);
  }
}
