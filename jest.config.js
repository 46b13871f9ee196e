/**
 * One jest run over every workspace. SWC strips types (tsc checks them in `npm run typecheck`);
 * jose ships ESM only, so it is transformed too.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];

const project = (displayName, roots, extra = {}) => ({
  displayName,
  roots,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
  testMatch: ['**/*.test.ts'],
  ...extra,
});

const subgraphs = ['catalog', 'availability', 'orders', 'fulfillment', 'delivery', 'tracking'];

/** @type {import('jest').Config} */
module.exports = {
  // Two cores: more workers only make the database-bound tests fight.
  maxWorkers: 2,
  // A worker that has finished holds ~900 MB after the subgraph suites, and on this shared 2-core
  // machine (load ~12) its process took 630-730 ms to end after jest asked it to, with nothing left
  // open (its 'exit' event fired within 1 ms). Jest's default 500 ms then killed it and reported
  // "A worker process has failed to exit gracefully", a leak that was not there. A real leak is
  // still reported, 3 s later.
  workerGracefulExitTimeout: 3000,
  testTimeout: 30_000,
  projects: [
    project('shared', ['<rootDir>/packages/shared']),
    project('gateway', ['<rootDir>/gateway']),
    ...subgraphs.map((name) => project(name, [`<rootDir>/subgraphs/${name}`])),
    project('e2e', ['<rootDir>/test'], { testTimeout: 120_000 }),
    project('scripts', ['<rootDir>/scripts']),
    project('deploy', ['<rootDir>/deploy']),
    project('web', ['<rootDir>/clients/web'], { testPathIgnorePatterns: ['/node_modules/', '/dist/'] }),
  ],
};
