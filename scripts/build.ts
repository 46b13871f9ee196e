/**
 * `npm run build`: compiles the gateway, every subgraph, their migrations and the seed to JavaScript
 * (tsc project build: @qc/shared first, then the rest into dist/), and copies the files they read at
 * run time (each subgraph's schema.graphql, the supergraph) beside the compiled code, where their
 * `__dirname`-relative paths expect them. Production runs the result with
 * `node --conditions=production dist/<path>.js` (see the Dockerfile).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SUBGRAPHS } from '@qc/shared';

const root = join(__dirname, '..');
const tsc = join(root, 'node_modules', '.bin', 'tsc');

const started = Date.now();
execFileSync(tsc, ['-b', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });

const assets = [join('schema', 'supergraph.graphql'), ...SUBGRAPHS.map(({ name }) => join('subgraphs', name, 'schema.graphql'))];
for (const asset of assets) {
  const from = join(root, asset);
  if (!existsSync(from)) throw new Error(`build: ${asset} is missing (run npm run compose)`);
  cpSync(from, join(root, 'dist', asset));
}
console.log(`build: compiled to dist/ and packages/shared/dist/ with ${assets.length} schema files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
