import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { createLogger } from '@qc/shared';
import { until } from '@qc/shared/testing';
import { gatewayConfig } from './config';
import { buildGateway, type GatewayServer } from './server';

const catalogSdl = readFileSync(join(__dirname, '../../subgraphs/catalog/schema.graphql'), 'utf8');

function supergraphOf(extraSdl: string): string {
  const result = composeServices([{ name: 'catalog', url: 'http://127.0.0.1:1/graphql', typeDefs: parse(catalogSdl + extraSdl) }]);
  if (result.errors) throw result.errors[0];
  return result.supergraphSdl;
}

const queryFields = async (url: string): Promise<string[]> => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __type(name: "Query") { fields { name } } }' }),
  });
  const body = (await res.json()) as { data: { __type: { fields: { name: string }[] } } };
  return body.data.__type.fields.map((f) => f.name);
};

let gateway: GatewayServer;
afterAll(() => gateway?.stop());

it('when the supergraph file changes in development, then the gateway serves the new schema without a restart', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
  writeFileSync(path, supergraphOf(''));
  const env = { NODE_ENV: 'development', SUPERGRAPH_PATH: path };
  const log = createLogger('reload-test', 'silent');
  const logged = jest.spyOn(log, 'error');
  gateway = await buildGateway(gatewayConfig(env), log, env);
  const url = `http://127.0.0.1:${await gateway.listen(0, '127.0.0.1')}/graphql`;
  expect(await queryFields(url)).not.toContain('featuredProducts');

  writeFileSync(path, supergraphOf('\nextend type Query { "Hand-picked products." featuredProducts: [Product!]! }\n'));
  await until(async () => (await queryFields(url)).includes('featuredProducts'), 'the new schema to be served');

  // A broken file is rejected and the running schema stays.
  writeFileSync(path, 'this is not a supergraph');
  // Proof the watcher read the broken file and refused it, before asserting the schema stayed.
  await until(() => logged.mock.calls.some((call) => call[1] === 'supergraph change rejected; keeping the running one'), 'the broken file to be rejected');
  expect(await queryFields(url)).toContain('featuredProducts');
});
