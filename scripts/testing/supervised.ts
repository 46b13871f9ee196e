/**
 * Fixture for supervise.test.ts, shaped like `npm start`: a group of two children restarted when they
 * fail, a second group of one (the demo city) restarted too, and `forwardSignals` over both. Each child
 * prints its pid, then idles until a signal ends it — exiting by that signal, not with 0, as a child
 * behind a shell or one that does not catch it does. Restarts come at once, so a wrong one shows fast.
 */
import { join } from 'node:path';
import concurrently from 'concurrently';
import { ProcessTrees, forwardSignals, stopAll } from '../supervise';

// concurrently strips quotes around a whole command, so the command must not start with one.
const idle = `${process.execPath} -e 'console.log("pid", process.pid); setInterval(() => {}, 1000)'`;
// With `--slow`, child a is a "shell" that dies at once on the signal over a program (its grandchild,
// printed as `grandchild <pid>`) that takes seconds to stop.
const slow = process.argv.includes('--slow');
const a = slow ? `${process.execPath} ${join(__dirname, 'slow-stopper.cjs')}` : idle;
// With `--busy`, this process's event loop is blocked 300 ms out of every 310, as on a loaded machine.
if (process.argv.includes('--busy')) {
  setInterval(() => {
    const until = Date.now() + 300;
    while (Date.now() < until);
  }, 10);
}
const restarts = { restartTries: 8, restartDelay: 0 };
const graph = concurrently(
  [
    { name: 'a', command: a },
    { name: 'b', command: idle },
  ],
  restarts,
);
const city = concurrently([{ name: 'city', command: idle }], restarts);
const all = [...graph.commands, ...city.commands];
const trees = new ProcessTrees(all).watch();
const stopped = forwardSignals(all, process, trees);
void Promise.race([
  graph.result.then(
    () => 0,
    () => 1,
  ),
  stopped.then(() => 0),
]).then(async (code) => {
  await stopAll(all, 'SIGTERM', trees);
  process.exit(code);
});
