/**
 * `npm run deps:check` (part of `npm test`): every package a workspace imports is declared in that
 * workspace's package.json, and nothing is declared that nothing imports.
 */
const config = {
  ignoreDependencies: [
    // Loaded by name through pino's transport option, which static analysis cannot see.
    'pino-pretty',
    // The codegen plugin in clients/codegen-manifest.ts, referenced by this name in codegen.ts.
    '@graphql-codegen/qc-persisted-query-manifest',
    // Pins the project's Node binary (node_modules/.bin/node): npm scripts run on it, nothing imports it.
    'node',
  ],
  // System programs the scripts run (iproute2's ss finds a port's process), not npm packages.
  ignoreBinaries: ['ss'],
  workspaces: {
    '.': {},
    gateway: {
      // The gateway runs ../../clients/persisted.ts (the operations' persisted form), which imports it;
      // the production image installs only the gateway's own dependencies, so it is declared here.
      ignoreDependencies: ['@graphql-tools/documents'],
    },
  },
};

export default config;
