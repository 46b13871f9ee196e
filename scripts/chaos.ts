/**
 * `npm run chaos -- <scenario|all> [--minutes N]`: our own fault-injection suite. Starts a private
 * stack — its own NATS (JetStream, own store), Redis and Postgres cluster on ports base+10…12, the
 * gateway and subgraphs on base…base+6, database `qc_<name>_chaos`, event and Redis prefix `chaos` —
 * seeds it, puts simulator order load on it, injects the scenario's faults and prints a verdict counted
 * from Postgres and JetStream. Scenarios: kill, nats, redis, postgres, poison, soak (and `all`: every
 * fault scenario in turn on one stack). Not part of `npm test`; see scripts/chaos/README.md.
 *
 * Environment: CHAOS_PORT_BASE (5600), CHAOS_NAME (faults), CHAOS_DIR (/tmp/qc-chaos-<name>).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connectNats, EventBus } from '@qc/shared';
import { ChaosInfra } from './chaos/infra';
import { SCENARIOS, recoveredAfter, startLoad, type ChaosContext, type Scenario } from './chaos/scenarios';
import { ChaosStack } from './chaos/stack';
import { Auditor, type Check } from './chaos/verdict';

const USAGE = `Usage: npm run chaos -- <${SCENARIOS.map((s) => s.name).join('|')}|all> [--minutes N]\n${SCENARIOS.map((s) => `  ${s.name.padEnd(9)} ${s.describe}`).join('\n')}\n  all       every scenario but soak, in turn, on one stack`;
const seconds = (ms: number | null) => (ms === null ? 'NOT RECOVERED' : `${(ms / 1000).toFixed(1)} s`);

async function runOne(ctx: ChaosContext, scenario: Scenario): Promise<boolean> {
  console.log(`\n=== chaos: ${scenario.name} — ${scenario.describe}`);
  const loadSeconds = scenario.name === 'soak' ? ctx.minutes * 60 : scenario.load.seconds;
  const load = startLoad(ctx, scenario.name, scenario.load.rate, loadSeconds);
  // Let orders flow before the first fault, so it lands mid-flow.
  await new Promise((resolve) => setTimeout(resolve, 15_000));
  const started = Date.now();
  const result = await scenario.run(ctx);
  const code = await load.done;
  const quietMs = await ctx.auditor.waitQuiet(180_000);
  const checks: Check[] = [...(await ctx.auditor.checks(ctx.expectedDeadLetters)), ...result.extra];
  checks.push({ ok: quietMs !== null, name: 'events drained after the load', detail: quietMs === null ? 'consumers or outboxes still pending after 180 s' : `quiet ${seconds(quietMs)} after the simulator finished (exit ${code})` });

  console.log(`--- verdict: ${scenario.name} (${seconds(Date.now() - started)} from the first fault)`);
  for (const fault of result.faults) console.log(`  ${fault.recoveredMs === null ? '✗' : '✔'} ${fault.what}: recovered in ${seconds(fault.recoveredMs)}`);
  for (const check of checks) console.log(`  ${check.ok ? '✔' : '✗'} ${check.name}: ${check.detail}`);
  const ok = checks.every((c) => c.ok) && result.faults.every((f) => f.recoveredMs !== null);
  console.log(`  ${ok ? 'PASS' : 'FAIL'} (simulator log: ${join(ctx.logDir, `simulate-${scenario.name}.log`)})`);
  return ok;
}

async function main(): Promise<number> {
  const [which, ...rest] = process.argv.slice(2);
  const minutesFlag = rest.indexOf('--minutes');
  const minutes = minutesFlag >= 0 ? Number(rest[minutesFlag + 1]) : 5;
  const chosen = which === 'all' ? SCENARIOS.filter((s) => s.name !== 'soak') : SCENARIOS.filter((s) => s.name === which);
  if (!chosen.length || !Number.isFinite(minutes) || minutes <= 0) {
    console.error(USAGE);
    return 2;
  }
  const base = Number(process.env.CHAOS_PORT_BASE ?? 5600);
  const name = process.env.CHAOS_NAME ?? 'faults';
  const dir = process.env.CHAOS_DIR ?? `/tmp/qc-chaos-${name}`;
  mkdirSync(dir, { recursive: true });
  const infra = new ChaosInfra({ nats: base + 10, redis: base + 11, postgres: base + 12 }, dir);
  const prefix = 'chaos';
  const stack = new ChaosStack(infra, { base, database: `qc_${name}_chaos`, prefix, logFile: join(dir, 'stack.log') });

  let nats: Awaited<ReturnType<typeof connectNats>> | undefined;
  let auditor: Auditor | undefined;
  const stopAll = async () => {
    await stack.stop();
    await auditor?.close().catch(() => undefined);
    await nats?.close().catch(() => undefined);
    await infra.stop();
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    console.log(`chaos: private NATS :${base + 10}, Redis :${base + 11}, Postgres :${base + 12} (in ${dir}); stack on :${base}–${base + 6}, database qc_${name}_chaos, prefix ${prefix}`);
    await infra.start();
    const startedAt = Date.now();
    await stack.start();
    console.log(`chaos: stack migrated, seeded and ready in ${seconds(Date.now() - startedAt)} (log: ${join(dir, 'stack.log')})`);
    nats = await connectNats(infra.nats.url, 'chaos-auditor');
    const bus = new EventBus(nats, prefix);
    auditor = new Auditor(infra.postgres.url(`qc_${name}_chaos`), bus);
    const ctx: ChaosContext = { stack, bus, auditor, logDir: dir, expectedDeadLetters: new Map(), minutes };
    const baseline = await recoveredAfter(ctx, Date.now(), 60_000);
    if (baseline === null) throw new Error('the stack never answered the canary');
    let failed = 0;
    for (const scenario of chosen) if (!(await runOne(ctx, scenario))) failed++;
    console.log(`\nchaos: ${chosen.length - failed} of ${chosen.length} scenario(s) passed`);
    return failed ? 1 : 0;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`chaos failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
