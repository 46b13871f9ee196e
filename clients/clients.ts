/**
 * The first-party clients and where their operations are: `clients/<name>/operations/*.graphql`.
 * Codegen types them, the operation check validates them against every schema change, and their
 * manifests are what `npm run operations:publish` registers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';

export const CLIENT_NAMES = ['customer-app', 'courier-app', 'store-tablet', 'simulator', 'partner-example', 'web'] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];

/** The folder of a client's `.graphql` documents. */
export const operationsDir = (client: ClientName): string => join(__dirname, client, 'operations');

/** A client's committed documents, parsed, each with the file it came from. */
export function clientDocuments(client: ClientName): { file: string; document: DocumentNode }[] {
  const dir = operationsDir(client);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => ({ file: join(dir, f), document: parse(readFileSync(join(dir, f), 'utf8')) }));
}

/** Where codegen writes a client's persisted-operation manifest. */
export const manifestPath = (client: ClientName): string => join(__dirname, client, '__generated__', 'persisted-query-manifest.json');
