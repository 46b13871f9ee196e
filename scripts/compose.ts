/**
 * Composes the six subgraph schemas into `schema/supergraph.graphql` with @apollo/composition.
 * `--check` composes in memory and fails if the committed file differs (CI runs it in `npm test`).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPHS } from '@qc/shared';

const root = join(__dirname, '..');
export const SUPERGRAPH_PATH = join(root, 'schema', 'supergraph.graphql');

/** Composes from the files on disk; subgraph URLs are the local defaults (the gateway overrides them from env). */
export function composeSupergraph(): { supergraphSdl?: string; errors: string[]; hints: string[] } {
  const services = SUBGRAPHS.map(({ name, port }) => ({
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    typeDefs: parse(readFileSync(join(root, 'subgraphs', name, 'schema.graphql'), 'utf8')),
  }));
  const result = composeServices(services);
  const hints = (result.hints ?? []).map((h) => `${h.definition.code}: ${h.message}`);
  if (result.errors) return { errors: result.errors.map((e) => e.message), hints };
  return { supergraphSdl: `${result.supergraphSdl.trim()}\n`, errors: [], hints };
}

function main() {
  const check = process.argv.includes('--check');
  const { supergraphSdl, errors, hints } = composeSupergraph();
  for (const hint of hints) console.warn(`hint  ${hint}`);
  if (errors.length || !supergraphSdl) {
    console.error(`Composition failed with ${errors.length} error(s):`);
    for (const error of errors) console.error(`  ✗ ${error}`);
    process.exit(1);
  }
  if (hints.length) {
    console.error(`Composition produced ${hints.length} hint(s); fix them so the supergraph stays clean.`);
    process.exit(1);
  }
  if (check) {
    const committed = existsSync(SUPERGRAPH_PATH) ? readFileSync(SUPERGRAPH_PATH, 'utf8') : '';
    if (committed !== supergraphSdl) {
      console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit the result.');
      process.exit(1);
    }
    console.log('schema/supergraph.graphql is up to date.');
    return;
  }
  writeFileSync(SUPERGRAPH_PATH, supergraphSdl);
  console.log(`Wrote ${SUPERGRAPH_PATH} from ${SUBGRAPHS.length} subgraphs.`);
}

if (require.main === module) main();
