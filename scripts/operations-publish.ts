/**
 * `npm run operations:publish -- --client <name> <manifest.json> [--prune]`
 *
 * Registers a client's operations: validates every operation of an Apollo persisted-query manifest
 * against the current supergraph's API schema and stores the list as the client's next version in
 * Redis, then tells running gateways on NATS (they also compare versions with Redis every few
 * seconds). A manifest with any problem is refused as a whole, each problem named; nothing is stored.
 * Operations of the previous version that the manifest leaves out stay registered — an app already
 * installed may still send them — unless `--prune` is given.
 *
 * Partners are published as `partner:<partner_id>` (the claim in their token).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import { connectNats, createRedis, EventBus, infraEnv, loadConfig, type NatsConnection } from '@qc/shared';
import { PUBLISHED_SUBJECT, type PublishedNotice } from '../gateway/src/operations/registry';
import { CLIENT_NAME, operationsNamespace, OperationStore, type PublishResult } from '../gateway/src/operations/store';
import type { ManifestOperation } from '../clients/persisted';
import { apiSchemaSdl } from './compose';
import { manifestProblems, type OperationProblem } from './operations/validate';

export type PublishOutcome = { ok: true; result: PublishResult } | { ok: false; problems: OperationProblem[] };

/** Validates and stores one manifest for one client; announces the new version on `nats`. */
export async function publishManifest(opts: {
  client: string;
  manifest: unknown;
  schema: GraphQLSchema;
  store: OperationStore;
  bus: EventBus;
  nats: NatsConnection;
  prune?: boolean;
}): Promise<PublishOutcome> {
  if (!CLIENT_NAME.test(opts.client)) {
    return { ok: false, problems: [{ client: opts.client, operation: '(client)', reason: 'a client name is lowercase letters, digits, . _ - (partners: partner:<partner_id>)' }] };
  }
  const problems = manifestProblems(opts.client, opts.schema, opts.manifest);
  if (problems.length) return { ok: false, problems };
  const operations = (opts.manifest as { operations: ManifestOperation[] }).operations;
  const result = await opts.store.publish(opts.client, operations, { prune: opts.prune });
  const notice: PublishedNotice = { client: opts.client, version: result.version };
  opts.nats.publish(opts.bus.liveSubject(PUBLISHED_SUBJECT), JSON.stringify(notice));
  await opts.nats.flush();
  return { ok: true, result };
}

async function main() {
  const usage = 'Usage: npm run operations:publish -- --client <name> <manifest.json> [--prune]';
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { client: { type: 'string' }, prune: { type: 'boolean', default: false } } });
  const file = positionals[0];
  if (!values.client || !file || positionals.length > 1) {
    console.error(usage);
    process.exit(2);
  }
  const env = loadConfig(
    z.object({
      REDIS_URL: infraEnv.REDIS_URL,
      NATS_URL: infraEnv.NATS_URL,
      EVENTS_PREFIX: infraEnv.EVENTS_PREFIX,
      SUPERGRAPH_PATH: z.string().default(join(__dirname, '..', 'schema', 'supergraph.graphql')),
    }),
  );
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`Cannot read ${file} as JSON: ${(error as Error).message}`);
    process.exit(1);
  }
  const schema = buildSchema(apiSchemaSdl(readFileSync(env.SUPERGRAPH_PATH, 'utf8')));
  const redis = createRedis(env.REDIS_URL);
  const nats = await connectNats(env.NATS_URL, 'operations-publish');
  try {
    const outcome = await publishManifest({
      client: values.client,
      manifest,
      schema,
      store: new OperationStore(redis, operationsNamespace(env.EVENTS_PREFIX)),
      bus: new EventBus(nats, env.EVENTS_PREFIX),
      nats,
      prune: values.prune,
    });
    if (!outcome.ok) {
      console.error(`Refused: nothing was stored for ${values.client}. ${outcome.problems.length} problem(s):`);
      for (const p of outcome.problems) console.error(`  ✗ ${p.operation}: ${p.reason}`);
      process.exitCode = 1;
      return;
    }
    const { version, added, kept, removed } = outcome.result;
    console.log(`Published ${values.client} v${version}: ${added.length} new operation(s)${added.length ? ` (${added.join(', ')})` : ''}.`);
    if (kept.length) console.log(`  kept from earlier versions (deployed apps may still send them; --prune drops them): ${kept.join(', ')}`);
    if (removed.length) console.log(`  removed (--prune): ${removed.join(', ')}`);
    console.log('Running gateways load it within seconds.');
  } finally {
    redis.disconnect();
    await nats.drain();
  }
}

if (require.main === module) void main();
