/**
 * Process supervision shared by `npm start`: signals given to the parent alone reach the children.
 * A terminal's Ctrl-C signals the whole process group, so children stop by themselves; `kill <pid>`,
 * a process manager or an IDE's stop button signal only the parent. concurrently (9.x) passes the
 * first signal on itself; this makes it explicit, tested, and a second signal kill outright a child
 * that does not stop. Children must exit 0 when told to stop, or `restartTries` starts them again.
 */
import type { Command } from 'concurrently';

/** On SIGINT or SIGTERM, passes the signal on to every child; a second signal kills them outright. */
export function forwardSignals(commands: readonly Pick<Command, 'kill'>[], proc: Pick<NodeJS.Process, 'on'> = process): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    const sent = stopping ? 'SIGKILL' : signal;
    stopping = true;
    for (const command of commands) command.kill(sent);
  };
  proc.on('SIGINT', () => stop('SIGINT'));
  proc.on('SIGTERM', () => stop('SIGTERM'));
}
