/**
 * The city simulator: customers order, store bots pick and pack, courier bots deliver — all through
 * the gateway, time-compressed — then a summary of what it took.
 *   npm run simulate -- --orders 200 --rate 5 [--gateway URL] [--speed 60] [--seed N] [--decline 0.1]
 *                       [--ignore 0.05] [--missing 0.05] [--couriers 60] [--timeout 600]
 * Needs the supergraph up and seeded (`npm start`). Exit codes: 0 done (or told to stop), 1 errors
 * dominated, or the run could not start at all (no gateway, nothing seeded, no store open), 2 bad flags.
 */
import { CITY_MOVING, parseSimulateArgs, USAGE } from './simulate/args';
import { runSimulation } from './simulate/run';
import { errorsDominate, formatSummary } from './simulate/stats';

async function main(): Promise<number> {
  const parsed = parseSimulateArgs(process.argv.slice(2), process.env);
  if ('problems' in parsed) {
    console.error(`${parsed.problems.join('\n')}\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const { demo } = parsed.args;
  // Ctrl-C stops the run but still cleans up (couriers OFFLINE) and prints the summary; twice quits.
  // A demo run stops with the supergraph it runs beside: cleaning up through a gateway that is going
  // away would only hold Ctrl-C up, and the next start adopts whatever was left under way.
  const interrupt = new AbortController();
  // It exits 0 then: npm start restarts a process that fails, and being told to stop is no failure.
  process.on('SIGINT', () => {
    if (demo) process.exit(0);
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  });
  process.on('SIGTERM', () => (demo ? process.exit(0) : interrupt.abort()));

  // `npm start` waits for this line before it names a moving order in its banner.
  const result = await runSimulation(parsed.args, { interrupt: interrupt.signal, onReady: () => console.log(CITY_MOVING) });
  if (result.aborted) {
    // A failure in demo mode too: npm start restarts the city a few times, then serves without it.
    console.error(`simulate: cannot run: ${result.aborted}`);
    return 1;
  }
  console.log(formatSummary(result.summary));
  const failed = errorsDominate(result.summary);
  const { counters, timedOut } = result.summary;
  const unfinished = Math.max(0, counters.placed - counters.delivered - counters.failed);
  if (failed) console.log('\nFAILED: errors outnumber delivered orders (or nothing could be placed)');
  else if (timedOut || unfinished) console.log(`\nDONE with ${unfinished} orders unfinished${timedOut ? ' (stopped by the timeout)' : ' (interrupted)'}`);
  else console.log('\nOK: every order was delivered or ended');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`simulate failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
