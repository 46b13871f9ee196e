/**
 * The supergraph under test: `npm start` (scripts/start.ts, which restarts a crashed process the way it
 * does for everyone) on the chaos ports, database, prefixes and private infrastructure, in a process
 * group of its own, its output kept in a log file.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUBGRAPHS, envPrefix, type SubgraphName } from '@qc/shared';
import type { ChaosInfra } from './infra';

export type ProcessName = SubgraphName | 'gateway';
export const PROCESS_NAMES: readonly ProcessName[] = [...SUBGRAPHS.map((s) => s.name), 'gateway'];

const root = join(__dirname, '..', '..');
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface StackOptions {
  base: number;
  database: string;
  prefix: string;
  logFile: string;
}

export class ChaosStack {
  readonly env: NodeJS.ProcessEnv;
  readonly ports: Record<ProcessName, number>;
  private child: ChildProcess | null = null;

  constructor(
    readonly infra: ChaosInfra,
    readonly opts: StackOptions,
  ) {
    this.ports = { gateway: opts.base } as Record<ProcessName, number>;
    SUBGRAPHS.forEach((s, i) => (this.ports[s.name] = opts.base + 1 + i));
    this.env = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      LOG_FORMAT: 'json',
      FORCE_COLOR: '0',
      DATABASE_URL: infra.postgres.url(opts.database),
      REDIS_URL: infra.redis.url,
      NATS_URL: infra.nats.url,
      EVENTS_PREFIX: opts.prefix,
      REDIS_PREFIX: opts.prefix,
      GATEWAY_PORT: String(opts.base),
      DEMO_CITY: 'off',
      ...Object.fromEntries(SUBGRAPHS.map((s) => [`${envPrefix(s.name)}_PORT`, String(this.ports[s.name])])),
      ...Object.fromEntries(SUBGRAPHS.map((s) => [`${envPrefix(s.name)}_URL`, `http://127.0.0.1:${this.ports[s.name]}/graphql`])),
    };
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.opts.base}/graphql`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.opts.base}/graphql`;
  }

  /** Starts `npm start -- --no-demo` (migrate, seed, seven processes) and waits until every process is ready. */
  async start(): Promise<void> {
    const log = createWriteStream(this.opts.logFile);
    this.child = spawn(process.execPath, [tsxCli, join(root, 'scripts', 'start.ts'), '--no-demo'], { cwd: root, env: this.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    await this.waitReady(300_000);
  }

  /** Every process's `/ready` answers 200 (the gateway's checks its supergraph and NATS). */
  async allReady(): Promise<boolean> {
    const answers = await Promise.all(PROCESS_NAMES.map((name) => this.isReady(name)));
    return answers.every(Boolean);
  }

  async isReady(name: ProcessName): Promise<boolean> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.ports[name]}/ready`, { signal: AbortSignal.timeout(1000) });
      return res.ok;
    } catch {
      return false;
    }
  }

  async waitReady(ms: number): Promise<number> {
    const started = Date.now();
    while (!(await this.allReady())) {
      if (this.child && this.child.exitCode !== null) throw new Error(`npm start exited (${this.child.exitCode}); see ${this.opts.logFile}`);
      if (Date.now() - started > ms) throw new Error(`not every process was ready within ${ms / 1000} s; see ${this.opts.logFile}`);
      await sleep(200);
    }
    return Date.now() - started;
  }

  /** The pid of the process listening on the port of `name` (the node process itself, not its tsx parent). */
  pidOf(name: ProcessName): number | null {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${this.ports[name]}`]).toString();
    const match = /pid=(\d+)/.exec(out);
    return match ? Number(match[1]) : null;
  }

  /** `kill -9` of one process; `npm start` starts it again. Returns the pid killed. */
  kill9(name: ProcessName): number {
    const pid = this.pidOf(name);
    if (!pid) throw new Error(`${name} is not listening on ${this.ports[name]}`);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /** Resident set size of each process, in MiB (from /proc), null for one not running. */
  rss(): Record<ProcessName, number | null> {
    const result = {} as Record<ProcessName, number | null>;
    for (const name of PROCESS_NAMES) {
      const pid = this.pidOf(name);
      try {
        const status = pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
        const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
        result[name] = kb ? Math.round(Number(kb) / 1024) : null;
      } catch {
        result[name] = null;
      }
    }
    return result;
  }

  /** SIGINT to the group (Ctrl-C), then SIGKILL to whatever is left after 20 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      return;
    }
    const done = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
    if (!done) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}
