/**
 * Process supervision shared by `npm start`: signals given to the parent alone reach the children,
 * and a child told to stop is not started again.
 *
 * A terminal's Ctrl-C signals the whole process group; `kill <pid>`, a process manager or an IDE's stop
 * button signal only the parent. concurrently (9.x) passes either signal on itself, but only a SIGINT
 * counts as a clean stop: a child ended by SIGTERM (or by any signal, when a shell stands between)
 * closes "with code SIGTERM", which `restartTries` takes for a crash and starts it again — and while
 * restarts remain, concurrently's result never settles. So on a stop signal this turns restarts off,
 * passes the signal on, and reports when no child runs any more; a second signal kills them outright.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Command } from 'concurrently';

type Supervised = Pick<Command, 'kill' | 'start' | 'state' | 'stateChange' | 'pid'>;

/** Resolves once none of the commands runs (never started, exited or failed to spawn). */
function untilNoneRuns(commands: readonly Supervised[]): Promise<void> {
  return new Promise((resolve) => {
    const subscriptions = commands.map((command) => command.stateChange.subscribe(() => check()));
    const check = () => {
      if (commands.some((command) => command.state === 'started')) return;
      for (const subscription of subscriptions) subscription.unsubscribe();
      resolve();
    };
    check();
  });
}

/** One process as /proc shows it: its parent and its start time (which tells a reused pid apart). */
type Proc = { ppid: number; start: string; zombie: boolean };

/** Every process on the machine, read from /proc (Linux); an empty map where there is none. */
function processTable(): Map<number, Proc> {
  const table = new Map<number, Proc>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return table;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: the fields after it start past the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(fields[1]), start: fields[19] ?? '', zombie: fields[0] === 'Z' });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/**
 * The processes a group of commands started — each command's own process (with concurrently's `sh -c`
 * that is the shell) and all its descendants — remembered by pid and start time, so that they can be
 * waited for and killed after the shell has died and they were re-parented to init. A shell dies at
 * once on a signal while the tsx wrapper and the node under it are still shutting down; concurrently
 * then reports the command closed although its program still runs.
 */
export class ProcessTrees {
  private readonly known = new Map<number, string>();

  /** The processes of these commands (those running when read: a closed one's old pid may be reused). */
  constructor(private readonly commands: readonly Supervised[]) {}

  /** Reads the trees every second from now on, so that processes re-parented later are still known. */
  watch(): this {
    this.refresh();
    setInterval(() => this.refresh(), 1000).unref();
    return this;
  }

  /** Adds every process now under a root or under a process already known. */
  refresh(): void {
    const table = processTable();
    for (const [pid, start] of this.known) if (table.get(pid)?.start !== start) this.known.delete(pid);
    for (const command of this.commands) {
      const proc = command.state === 'started' && command.pid !== undefined ? table.get(command.pid) : undefined;
      if (proc) this.known.set(command.pid!, proc.start);
    }
    // Walk down from what is known until nothing new turns up (a child may be listed before its parent).
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, proc] of table) {
        if (!this.known.has(pid) && this.known.has(proc.ppid)) {
          this.known.set(pid, proc.start);
          grew = true;
        }
      }
    }
  }

  /** The known processes still alive (zombies count as gone), after a refresh. */
  alive(): number[] {
    this.refresh();
    const table = processTable();
    return [...this.known].filter(([pid, start]) => table.get(pid)?.start === start && !table.get(pid)?.zombie).map(([pid]) => pid);
  }

  /** Sends a signal to every known process still alive; returns their pids. */
  signal(signal: NodeJS.Signals): number[] {
    const pids = this.alive();
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone meanwhile
      }
    }
    return pids;
  }

  /**
   * Resolves once no known process is alive. Halfway through `graceMs` the survivors get the signal
   * again (one re-parented before tree-kill listed it never had it); after `graceMs` every survivor is
   * killed with SIGKILL, which is said on stderr.
   */
  async gone(signal: NodeJS.Signals, graceMs: number, warn: (line: string) => void): Promise<void> {
    const started = Date.now();
    let resent = false;
    for (let pids = this.alive(); pids.length; pids = this.alive()) {
      const waited = Date.now() - started;
      if (waited >= graceMs) {
        warn(`› ${pids.length} process${pids.length === 1 ? '' : 'es'} still running ${Math.round(graceMs / 1000)} s after ${signal} (pid ${pids.join(', ')}): killing with SIGKILL`);
        this.signal('SIGKILL');
      } else if (!resent && waited >= graceMs / 2) {
        this.signal(signal);
        resent = true;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** How long a stopped process may take before it is killed outright. */
export const STOP_GRACE_MS = 10_000;

/**
 * Stops the commands for good and resolves once none runs and no process any of them started is left
 * (after `graceMs` the rest are killed with SIGKILL). concurrently kills through tree-kill, which lists
 * the process tree before it signals: a parent that exits right after kill() can orphan a child, and a
 * command counts as closed when its shell dies, while the program the shell ran may still be stopping.
 */
export async function stopAll(
  commands: readonly Supervised[],
  signal: NodeJS.Signals,
  trees: ProcessTrees = new ProcessTrees(commands),
  graceMs = STOP_GRACE_MS,
): Promise<void> {
  trees.refresh();
  for (const command of commands) {
    // concurrently's RestartProcess restarts a command by calling its start() after the delay (the
    // object it holds is this one: its proxies pass property reads through). A child stopped on
    // purpose, or one that crashed just before and waits for its restart, stays down.
    command.start = () => undefined;
    command.kill(signal);
  }
  await untilNoneRuns(commands);
  await trees.gone(signal, graceMs, (line) => console.error(line));
}

/**
 * On SIGINT or SIGTERM, stops every child for good; resolves with the signal once none runs and no
 * process they started is left, and the caller exits then: concurrently's `result` does not settle for
 * children that had restarts left. Pass `trees` watched from the start (and stop with them when
 * `result` wins the race): a Ctrl-C ends the shells at once, before this process hears it, and only
 * trees read before then still know their programs.
 */
export function forwardSignals(
  commands: readonly Supervised[],
  proc: Pick<NodeJS.Process, 'on'> = process,
  trees: ProcessTrees = new ProcessTrees(commands).watch(),
  graceMs = STOP_GRACE_MS,
): Promise<NodeJS.Signals> {
  let stopping: NodeJS.Signals | undefined;
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        trees.signal('SIGKILL');
        return void stopAll(commands, 'SIGKILL', trees, graceMs);
      }
      stopping = signal;
      void stopAll(commands, signal, trees, graceMs).then(() => resolve(signal));
    };
    proc.on('SIGINT', () => stop('SIGINT'));
    proc.on('SIGTERM', () => stop('SIGTERM'));
  });
}
