/** The six subgraphs, their default ports and Postgres schemas. One list, so scripts and the gateway agree. */
export const SUBGRAPHS = [
  { name: 'catalog', port: 4001 },
  { name: 'availability', port: 4002 },
  { name: 'orders', port: 4003 },
  { name: 'fulfillment', port: 4004 },
  { name: 'delivery', port: 4005 },
  { name: 'tracking', port: 4006 },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export const GATEWAY_PORT = 4000;

/** `orders` → `ORDERS`, the prefix of that subgraph's own environment variables. */
export const envPrefix = (name: SubgraphName): string => name.toUpperCase();

/** The URL the gateway calls for a subgraph: `<NAME>_URL` or localhost on its port. */
export function subgraphUrl(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): string {
  const own = env[`${envPrefix(name)}_URL`];
  if (own) return own;
  const port = env[`${envPrefix(name)}_PORT`] ?? String(SUBGRAPHS.find((s) => s.name === name)!.port);
  return `http://127.0.0.1:${port}/graphql`;
}
