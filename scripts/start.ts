/**
 * `npm start`: checks Postgres, Redis and NATS, migrates, seeds an empty database, then runs the six
 * subgraphs and the gateway as separate processes with prefixed logs. Ctrl-C stops them all.
 */
import { join } from 'node:path';
import concurrently from 'concurrently';
import { GATEWAY_PORT, SUBGRAPHS, subgraphUrl } from '@qc/shared';
import { describeMissing, missingServices } from './services';
import { migrateAll } from './migrate';
import { seedIfEmpty } from './seed/load';

const root = join(__dirname, '..');

async function waitForHealth(urls: string[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(urls);
  while (pending.size && Date.now() < deadline) {
    await Promise.all(
      [...pending].map(async (url) => {
        try {
          if ((await fetch(url)).ok) pending.delete(url);
        } catch {
          // not up yet
        }
      }),
    );
    if (pending.size) await new Promise((r) => setTimeout(r, 300));
  }
  return pending.size === 0;
}

async function main() {
  const missing = await missingServices();
  if (missing.length) {
    console.error(`Cannot start: ${missing.length === 1 ? 'a service' : 'services'} the supergraph needs did not answer.\n${describeMissing(missing)}`);
    process.exit(1);
  }

  console.log('› migrating');
  await migrateAll();
  await seedIfEmpty({}, { onProgress: (line: string) => console.log(`› seed: ${line}`) });

  const env = { ...process.env, LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty', FORCE_COLOR: '1' };
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const { result } = concurrently(
    [
      ...SUBGRAPHS.map(({ name }) => ({ name, command: `${tsx} ${join(root, 'subgraphs', name, 'src', 'index.ts')}`, env })),
      { name: 'gateway', command: `${tsx} ${join(root, 'gateway', 'src', 'index.ts')}`, env },
    ],
    {
      prefix: '{name}',
      padPrefix: true,
      // A process that crashes (exitOnCrash exits 1) is started again, 1 s, 2 s, 4 s … later; only one
      // that keeps crashing stops the whole graph.
      restartTries: 8,
      restartDelay: 'exponential',
      killOthersOn: ['failure'],
      prefixColors: ['cyan', 'green', 'yellow', 'blue', 'magenta', 'red', 'white'],
    },
  );

  const gatewayPort = Number(process.env.GATEWAY_PORT ?? GATEWAY_PORT);
  const healthUrls = [
    ...SUBGRAPHS.map(({ name }) => subgraphUrl(name).replace(/\/graphql$/, '/health')),
    `http://127.0.0.1:${gatewayPort}/health`,
  ];
  void waitForHealth(healthUrls, 90_000).then((up) => {
    if (up) {
      console.log(`\n✔ Supergraph ready: http://localhost:${gatewayPort}/graphql  (open it in a browser for Apollo Sandbox; Ctrl-C stops everything)\n`);
    } else {
      console.error('\n✗ Not every process answered its /health within 90 s; see the logs above.\n');
    }
  });

  await result.then(
    () => process.exit(0),
    () => process.exit(1),
  );
}

main().catch((error) => {
  console.error(`Start failed: ${(error as Error).message}`);
  process.exit(1);
});
