/**
 * The stack doing nothing: no requests for `--duration` seconds (default 20; 60 gives steadier
 * figures), and the share of one core each process used meanwhile, read from /proc. Target from the
 * issue: the whole stack idle under 2 % of one core. Redis and NATS serve every stack on this machine,
 * so they are shown but not judged. Run it with the demo city off (`DEMO_CITY=off npm start`), or the
 * city's own traffic is what gets measured.
 */
import { sleep } from './harness';
import { formatUsage, startCounting } from './stack';
import type { BenchArgs } from './index';

const TARGET_SHARE_OF_CORE = 2;

export async function run(args: BenchArgs) {
  const stop = await startCounting(args.gatewayUrl);
  await sleep(args.duration * 1000);
  const usage = await stop();
  console.log(`\nidle: the stack behind ${args.gatewayUrl} with no load for ${args.duration} s`);
  // Seconds of CPU per second of wall time; "per operation" with one operation per second is ms per second.
  console.log(formatUsage(usage, Math.round(usage.elapsedSeconds), 'second'));
  const own = usage.processes.filter((p) => !p.shared);
  const share = (own.reduce((sum, p) => sum + p.cpuSeconds, 0) / usage.elapsedSeconds) * 100;
  const met = usage.missing.filter((name) => own.some((p) => p.name === name)).length === 0 && share < TARGET_SHARE_OF_CORE;
  console.log(`  target        gateway + subgraphs + Postgres backends idle < ${TARGET_SHARE_OF_CORE} % of one core: ${share.toFixed(2)} % ${met ? 'MET' : 'MISSED'}${usage.missing.length ? ` (not found: ${usage.missing.join(', ')})` : ''}`);
}
