/**
 * Fixture for supervise.test.ts: two children under concurrently with `forwardSignals`, each printing
 * its pid and then idling until signalled, as the subgraphs do.
 */
import concurrently from 'concurrently';
import { forwardSignals } from '../supervise';

// concurrently strips quotes around a whole command, so the command must not start with one.
const idle = `${process.execPath} -e 'console.log("pid", process.pid); setInterval(() => {}, 1000)'`;
const { result, commands } = concurrently([
  { name: 'a', command: idle },
  { name: 'b', command: idle },
]);
forwardSignals(commands);
result.then(
  () => process.exit(0),
  () => process.exit(1),
);
