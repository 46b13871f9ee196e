/**
 * Fixture for supervise.test.ts, shaped like `npm start`: a group of two children restarted when they
 * fail, a second group of one (the demo city) restarted too, and `forwardSignals` over both. Each child
 * prints its pid, then idles until a signal ends it — exiting by that signal, not with 0, as a child
 * behind a shell or one that does not catch it does. Restarts come at once, so a wrong one shows fast.
 */
import concurrently from 'concurrently';
import { forwardSignals, stopAll } from '../supervise';

// concurrently strips quotes around a whole command, so the command must not start with one.
const idle = `${process.execPath} -e 'console.log("pid", process.pid); setInterval(() => {}, 1000)'`;
const restarts = { restartTries: 8, restartDelay: 0 };
const graph = concurrently(
  [
    { name: 'a', command: idle },
    { name: 'b', command: idle },
  ],
  restarts,
);
const city = concurrently([{ name: 'city', command: idle }], restarts);
const stopped = forwardSignals([...graph.commands, ...city.commands]);
void Promise.race([
  graph.result.then(
    () => 0,
    () => 1,
  ),
  stopped.then(() => 0),
]).then(async (code) => {
  await stopAll(city.commands, 'SIGTERM');
  process.exit(code);
});
