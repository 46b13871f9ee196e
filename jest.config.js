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
