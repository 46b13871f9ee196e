/**
 * CPU time of every process of the stack around a benchmark run, read from /proc: the gateway and each
 * subgraph (found by the port they listen on), the Postgres backends serving the stack's database, and
 * the Redis and NATS servers (found by name). On a shared machine CPU per operation is the figure that
 * stays put from run to run; latency moves with everyone else's load.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createDb, SUBGRAPHS, subgraphConfig, subgraphUrl } from '@qc/shared';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) of a process, or undefined when it is gone or unreadable. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Socket inodes listening on `port` (IPv4 and IPv6), from /proc/net/tcp{,6}. */
export function listeningInodes(port: number, tables: string[] = ['/proc/net/tcp', '/proc/net/tcp6']): Set<string> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of tables) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; column 9 is the inode.
      if (cols.length > 9 && cols[1]!.endsWith(`:${hex}`) && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  return inodes;
}

const processIds = (): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);

/** The process holding one of these socket inodes (the one that listens), or undefined. */
function pidOwning(inodes: Set<string>): number | undefined {
  if (inodes.size === 0) return undefined;
  for (const pid of processIds()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith('socket:[') && inodes.has(target.slice(8, -1))) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** The pid listening on a local TCP port, or undefined. */
export const pidListeningOn = (port: number): number | undefined => pidOwning(listeningInodes(port));

/** Pids whose command name (/proc/<pid>/comm) is `name`. */
export function pidsNamed(name: string): number[] {
  return processIds().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
    } catch {
      return false;
    }
  });
}

/** How a Node process of the stack runs: what it executes and the settings that change its cost. */
export interface ProcessMode {
  /** `compiled` (node on dist/, as `npm run start:prod` and the image run), `tsx` (TypeScript, `npm start`), or `unknown`. */
  runtime: 'compiled' | 'tsx' | 'unknown';
  nodeEnv: string;
  /** `json` unless LOG_FORMAT=pretty (pino-pretty in a worker thread of the process). */
  logFormat: string;
  logLevel: string;
  /** Tracing exports spans (an OTLP endpoint is set). */
  tracing: boolean;
}

/** The mode of a process, from its command line and environment in /proc; undefined when unreadable. */
export function processMode(pid: number): ProcessMode | undefined {
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
  const env = environOf(pid);
  return env && modeOf(argv, env);
}

/** The environment a process was started with, from /proc; undefined when unreadable. */
export function environOf(pid: number): Map<string, string> | undefined {
  try {
    return new Map(
      readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .filter((entry) => entry.includes('='))
        .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] as [string, string]),
    );
  } catch {
    return undefined;
  }
}

/** The mode a command line and environment describe. */
export function modeOf(argv: readonly string[], env: ReadonlyMap<string, string>): ProcessMode {
  const tsx = argv.some((arg) => /[\\/]tsx[\\/]|^tsx$|\.ts$/.test(arg));
  const compiled = !tsx && argv.some((arg) => /[\\/]dist[\\/].*\.js$/.test(arg));
  const disabled = /^true$/i.test(env.get('OTEL_SDK_DISABLED') ?? '');
  return {
    runtime: tsx ? 'tsx' : compiled ? 'compiled' : 'unknown',
    nodeEnv: env.get('NODE_ENV') || '(unset)',
    logFormat: env.get('LOG_FORMAT') === 'pretty' ? 'pretty' : 'json',
    logLevel: env.get('LOG_LEVEL') || 'info',
    tracing: !disabled && Boolean(env.get('OTEL_EXPORTER_OTLP_ENDPOINT') || env.get('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT')),
  };
}

const describeMode = (m: ProcessMode) =>
  `${m.runtime}, NODE_ENV=${m.nodeEnv}, LOG_FORMAT=${m.logFormat}, LOG_LEVEL=${m.logLevel}, tracing ${m.tracing ? 'on' : 'off'}`;

/** Whether a mode is the one figures are quoted for: compiled, production, JSON logs, tracing off. */
export const isProductionLike = (m: ProcessMode): boolean => m.runtime === 'compiled' && m.nodeEnv === 'production' && m.logFormat === 'json' && m.logLevel === 'info' && !m.tracing;

/**
 * One or a few lines saying how the stack's processes run, and a warning when it is not the mode
 * figures are quoted for (`npm run build && npm run start:prod`: compiled, NODE_ENV=production, JSON logs).
 */
export function formatModes(modes: ReadonlyMap<string, ProcessMode | undefined>): string {
  const byDescription = new Map<string, string[]>();
  for (const [name, mode] of modes) {
    const text = mode ? describeMode(mode) : 'unknown (not readable)';
    byDescription.set(text, [...(byDescription.get(text) ?? []), name]);
  }
  const lines = [...byDescription].map(([text, names], i) =>
    `  ${(i === 0 ? 'mode' : '').padEnd(13)} ${byDescription.size === 1 ? 'every process' : names.join(', ')}: ${text}`,
  );
  const all = [...modes.values()];
  if (all.length && !all.every((m) => m && isProductionLike(m))) {
    lines.push(`  ${''.padEnd(13)} not the production-like mode figures are quoted for (npm run build && npm run start:prod: compiled, JSON logs)`);
  }
  return lines.join('\n');
}

/** One process (or group, for Postgres backends) whose CPU is counted. */
interface Counted {
  name: string;
  /** Serves other stacks on this machine too: its CPU is an upper bound for this one. */
  shared: boolean;
  /** One of the stack's own Node processes (its mode is reported). */
  node?: boolean;
  pids: () => Promise<number[]>;
}

export interface ProcessUsage {
  name: string;
  pids: number[];
  shared: boolean;
  cpuSeconds: number;
}

export interface StackUsage {
  elapsedSeconds: number;
  processes: ProcessUsage[];
  /** This benchmark process (the load generator), for scale. */
  benchCpuSeconds: number;
  loadBefore: number[];
  loadAfter: number[];
  missing: string[];
  /** How the gateway and each subgraph run, read when counting started. */
  modes: Map<string, ProcessMode | undefined>;
}

const localPort = (url: string): number | undefined => {
  const u = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname)) return undefined;
  return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
};

/** The stack's database as `env` gives it; this bench's own when `env` is not a configuration that loads. */
function databaseUrlIn(env: NodeJS.ProcessEnv): string {
  try {
    return subgraphConfig('catalog', env).databaseUrl;
  } catch {
    return subgraphConfig('catalog').databaseUrl;
  }
}

/** Backends connected to the stack's database, asked of Postgres itself (the bench's own connection left out). */
async function postgresBackends(env: NodeJS.ProcessEnv): Promise<number[]> {
  const url = databaseUrlIn(env);
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  // A connection per question, closed after it: a pooled one would be one more backend in the count.
  const db = createDb({ url, schema: 'public', poolMax: 1 });
  try {
    const rows = (await db.raw('SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()', [database])).rows as { pid: number }[];
    return rows.map((r) => r.pid);
  } catch {
    return [];
  } finally {
    await db.destroy();
  }
}

/**
 * The environment the stack serving `gatewayUrl` was started with: where its subgraphs, database and event
 * stream are is what its gateway was started with (`npm start` hands every process the same environment),
 * not what this bench's own environment says — a stack on other ports, another database or another event
 * prefix would otherwise be counted as "not found", as the wrong backends, or checked in the wrong tables.
 * The bench's environment when the gateway's cannot be read.
 */
export function stackEnvironment(gatewayUrl: string): NodeJS.ProcessEnv {
  const port = localPort(gatewayUrl);
  const pid = port === undefined ? undefined : pidListeningOn(port);
  const env = pid === undefined ? undefined : environOf(pid);
  return env ? Object.fromEntries(env) : process.env;
}

/** Every process of the stack serving `gatewayUrl`, each found afresh when counted. */
export function stackProcesses(gatewayUrl: string): Counted[] {
  const listening = (url: string): number | undefined => {
    const port = localPort(url);
    return port === undefined ? undefined : pidListeningOn(port);
  };
  const stackEnv = () => stackEnvironment(gatewayUrl);
  const byPort = (name: string, url: () => string): Counted => ({
    name,
    shared: false,
    node: true,
    pids: async () => {
      const pid = listening(url());
      return pid === undefined ? [] : [pid];
    },
  });
  return [
    byPort('gateway', () => gatewayUrl),
    ...SUBGRAPHS.map(({ name }) => byPort(name, () => subgraphUrl(name, stackEnv()))),
    { name: 'postgres', shared: false, pids: () => postgresBackends(stackEnv()) },
    { name: 'redis', shared: true, pids: async () => pidsNamed('redis-server') },
    { name: 'nats', shared: true, pids: async () => pidsNamed('nats-server') },
  ];
}

/**
 * Starts counting: call the returned `stop` when the work (and whatever it set off downstream) is done.
 * A Postgres backend that appears during the run counts from zero; one that closed before the end is
 * lost (its CPU cannot be read any more), so the Postgres figure is a lower bound when pools shrink.
 */
export async function startCounting(gatewayUrl: string): Promise<() => Promise<StackUsage>> {
  const counted = stackProcesses(gatewayUrl);
  const start = new Map<string, Map<number, number>>();
  const modes = new Map<string, ProcessMode | undefined>();
  for (const c of counted) {
    const pids = await c.pids();
    start.set(c.name, new Map(pids.map((pid) => [pid, cpuSecondsOf(pid) ?? 0])));
    if (c.node && pids[0] !== undefined) modes.set(c.name, processMode(pids[0]));
  }
  const startedAt = performance.now();
  const benchStart = process.cpuUsage();
  const loadBefore = loadavg();
  return async () => {
    const processes: ProcessUsage[] = [];
    const missing: string[] = [];
    for (const c of counted) {
      const before = start.get(c.name)!;
      const pids = [...new Set([...before.keys(), ...(await c.pids())])];
      let cpuSeconds = 0;
      const alive: number[] = [];
      for (const pid of pids) {
        const now = cpuSecondsOf(pid);
        if (now === undefined) continue;
        alive.push(pid);
        cpuSeconds += now - (before.get(pid) ?? 0);
      }
      if (alive.length === 0) missing.push(c.name);
      processes.push({ name: c.name, pids: alive, shared: c.shared, cpuSeconds });
    }
    const bench = process.cpuUsage(benchStart);
    return {
      elapsedSeconds: (performance.now() - startedAt) / 1000,
      processes,
      benchCpuSeconds: (bench.user + bench.system) / 1e6,
      loadBefore,
      loadAfter: loadavg(),
      missing,
      modes,
    };
  };
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** The per-process table: CPU ms per operation and share of one core over the run. */
export function formatUsage(usage: StackUsage, operations: number, unit = 'operation'): string {
  const perOp = (seconds: number) => (operations > 0 ? (seconds * 1000) / operations : NaN);
  const core = (seconds: number) => (seconds / usage.elapsedSeconds) * 100;
  const own = usage.processes.filter((p) => !p.shared);
  const ownSeconds = own.reduce((sum, p) => sum + p.cpuSeconds, 0);
  const allSeconds = usage.processes.reduce((sum, p) => sum + p.cpuSeconds, 0);
  const who = (p: ProcessUsage) =>
    p.pids.length === 0 ? 'not found' : p.name === 'postgres' ? `${p.pids.length} backends` : `pid ${p.pids.join(',')}`;
  const lines = [
    `  CPU per ${unit} (ms, /proc/<pid>/stat over ${fixed(usage.elapsedSeconds, 1)} s, ${operations} ${unit}s)`,
    ...usage.processes.map(
      (p) => `    ${p.name.padEnd(13)} ${fixed(perOp(p.cpuSeconds), 3).padStart(8)}   ${fixed(core(p.cpuSeconds), 1).padStart(5)}% of a core   ${who(p)}${p.shared ? '  (machine-wide: serves every stack here)' : ''}`,
    ),
    `    ${'stack'.padEnd(13)} ${fixed(perOp(ownSeconds), 3).padStart(8)}   ${fixed(core(ownSeconds), 1).padStart(5)}% of a core   gateway + subgraphs + Postgres backends`,
    `    ${'all'.padEnd(13)} ${fixed(perOp(allSeconds), 3).padStart(8)}   ${fixed(core(allSeconds), 1).padStart(5)}% of a core   with Redis and NATS`,
    `    ${'(bench)'.padEnd(13)} ${fixed(perOp(usage.benchCpuSeconds), 3).padStart(8)}   ${fixed(core(usage.benchCpuSeconds), 1).padStart(5)}% of a core   this load generator, not counted`,
    `  load average  ${usage.loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${usage.loadAfter.map((l) => l.toFixed(2)).join(' ')} after (1/5/15 min)`,
  ];
  if (usage.modes.size) lines.push(formatModes(usage.modes));
  if (usage.missing.length) lines.push(`  not found     ${usage.missing.join(', ')} (not running on this machine, or not readable)`);
  return lines.join('\n');
}
