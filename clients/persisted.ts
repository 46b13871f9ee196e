/**
 * The client contract's one definition of an operation's persisted form: the body a client sends and
 * registers is the document printed by `@graphql-tools/documents` (definitions and selections in one
 * canonical order, minimal whitespace), exactly as `@graphql-codegen/client-preset` prints it before
 * hashing; the id is that body's SHA-256 in hex, which is also the `sha256Hash` of Apollo's automatic
 * persisted queries. So the generated documents' `__meta__.hash`, the manifests, the gateway's lists
 * and the APQ store all agree on one id per operation.
 */
import { createHash } from 'node:crypto';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

/** One operation of a manifest, in Apollo's persisted-query manifest format. */
export interface ManifestOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

/** Apollo's persisted-query manifest (the format `generate-persisted-query-manifest` writes and GraphOS reads). */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: ManifestOperation[];
}

const bodies = new WeakMap<DocumentNode, string>();

/** The canonical body of a document: what is hashed, registered and sent. */
export function operationBody(document: DocumentNode): string {
  let body = bodies.get(document);
  if (body === undefined) {
    body = printExecutableGraphQLDocument(document);
    bodies.set(document, body);
  }
  return body;
}

/** The persisted id of a body: its SHA-256 in lowercase hex. */
export const operationId = (body: string): string => createHash('sha256').update(body).digest('hex');

/** Each operation of `definitions` as a document of its own, with the fragments it spreads (transitively). */
export function splitOperations(definitions: readonly DefinitionNode[]): { operation: OperationDefinitionNode; document: DocumentNode }[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      const used = new Map<string, FragmentDefinitionNode>();
      const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
        visit(node, {
          FragmentSpread(spread) {
            const fragment = fragments.get(spread.name.value);
            if (fragment && !used.has(fragment.name.value)) {
              used.set(fragment.name.value, fragment);
              collect(fragment);
            }
          },
        });
      collect(operation);
      return { operation, document: { kind: Kind.DOCUMENT, definitions: [operation, ...used.values()] } };
    });
}

/** The manifest of a client's documents; operations sorted by name so the file diffs well. */
export function manifestOf(documents: readonly DocumentNode[]): PersistedQueryManifest {
  const operations = documents
    .flatMap((d) => splitOperations(d.definitions))
    .map(({ operation, document }) => {
      const body = operationBody(document);
      return { id: operationId(body), name: operation.name?.value ?? '', type: operation.operation, body };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

const ids = new WeakMap<DocumentNode, string>();

/**
 * The id of a typed document: the hash client-preset put in `__meta__`, else computed from its body and
 * remembered per document like the body (the gateway asks for every request of an `open` client, with
 * the DocumentNode Apollo keeps per query text).
 */
export function documentId(document: DocumentNode): string {
  const given = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (given !== undefined) return given;
  let id = ids.get(document);
  if (id === undefined) {
    id = operationId(operationBody(document));
    ids.set(document, id);
  }
  return id;
}

/** The name of a document's (first) operation; '' when it has none. */
export function operationNameOf(document: DocumentNode): string {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.name?.value ?? '';
}

/** The JSON body of a GraphQL-over-HTTP request (or a graphql-ws subscribe payload). */
export interface OperationRequest<V> {
  query?: string;
  operationName: string;
  variables: V;
  extensions?: { persistedQuery: { version: 1; sha256Hash: string } };
}

/**
 * What a client sends for a typed document: its canonical body (the one registered under its id), or,
 * with `byId`, only its id (`extensions.persistedQuery`), as partners on the `registered` policy must.
 */
export function operationRequest<R, V>(document: TypedDocumentNode<R, V>, variables: V, opts: { byId?: boolean } = {}): OperationRequest<V> {
  const operationName = operationNameOf(document);
  if (opts.byId) return { operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: documentId(document) } } };
  return { query: operationBody(document), operationName, variables };
}
