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
