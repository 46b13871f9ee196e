import { readFile } from 'node:fs/promises';
import { watchFile, unwatchFile } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@qc/shared';

/**
 * Serves the committed static supergraph. With `watch`, a changed file is loaded live (development:
 * `npm run compose` in another terminal); a broken file is logged and the running graph kept.
 */
export function fileSupergraph(path: string, watch: boolean, log: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    const supergraphSdl = await readFile(path, 'utf8');
    if (!watch) return { supergraphSdl };
    let current = supergraphSdl;
    // Polling survives editors that replace the file instead of writing in place.
    watchFile(path, { interval: 500 }, async () => {
      try {
        const next = await readFile(path, 'utf8');
        if (next === current || next.trim() === '') return;
        update(next);
        current = next;
        log.info({ path }, 'supergraph reloaded');
      } catch (error) {
        log.error({ err: error, path }, 'supergraph change rejected; keeping the running one');
      }
    });
    return { supergraphSdl, cleanup: async () => unwatchFile(path) };
  };
}

/**
 * Where the gateway calls subgraph `name` of the supergraph: `<NAME>_URL`, else localhost on
 * `<NAME>_PORT`, else the URL the supergraph file gives it (`@join__graph(url:)`). NAME is the name in
 * capitals with every other character as `_` (`shop-catalog` → `SHOP_CATALOG_URL`). So one committed
 * file serves every environment, and any supergraph — subgraphs this repository does not know
 * included — is served as composed.
 */
export function subgraphEndpoint(name: string, supergraphUrl: string | undefined, env: NodeJS.ProcessEnv): string {
  const prefix = name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  const own = env[`${prefix}_URL`];
  if (own) return own;
  const port = env[`${prefix}_PORT`];
  if (port) return `http://127.0.0.1:${port}/graphql`;
  if (supergraphUrl) return supergraphUrl;
  throw new Error(`subgraph ${name}: set ${prefix}_URL or ${prefix}_PORT, or compose the supergraph with its url`);
}
