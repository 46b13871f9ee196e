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
import type { Command } from 'concurrently';

type Supervised = Pick<Command, 'kill' | 'start' | 'state' | 'stateChange'>;

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

/**
 * Stops the commands for good and resolves once none runs. concurrently kills through tree-kill, which
 * lists the process tree before it signals: a parent that exits right after kill() can orphan a child.
 */
export function stopAll(commands: readonly Supervised[], signal: NodeJS.Signals): Promise<void> {
  for (const command of commands) {
    // concurrently's RestartProcess restarts a command by calling its start() after the delay (the
    // object it holds is this one: its proxies pass property reads through). A child stopped on
    // purpose, or one that crashed just before and waits for its restart, stays down.
    command.start = () => undefined;
    command.kill(signal);
  }
  return untilNoneRuns(commands);
}

/**
 * On SIGINT or SIGTERM, stops every child for good; resolves with the signal once none runs, and the
 * caller exits then: concurrently's `result` does not settle for children that had restarts left.
 */
export function forwardSignals(commands: readonly Supervised[], proc: Pick<NodeJS.Process, 'on'> = process): Promise<NodeJS.Signals> {
  let stopping: NodeJS.Signals | undefined;
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return void stopAll(commands, 'SIGKILL');
      stopping = signal;
      void stopAll(commands, signal).then(() => resolve(signal));
    };
    proc.on('SIGINT', () => stop('SIGINT'));
    proc.on('SIGTERM', () => stop('SIGTERM'));
  });
}
