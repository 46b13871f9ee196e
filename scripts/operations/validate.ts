/**
 * Checks operations against the API schema the way a schema registry's operation check does: every
 * operation must parse, be alone in its document (with its fragments), match its declared name, type
 * and id, and validate against the schema. Used by `npm run operations:check` (the committed client
 * documents) and `npm run operations:publish` (a manifest).
 */
import { GraphQLError, Kind, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { manifestOf, operationId, type ManifestOperation } from '../../clients/persisted';

/** One reason an operation cannot be used: `operation` names it, `field` the schema coordinate when one is to blame. */
export interface OperationProblem {
  client: string;
  operation: string;
  reason: string;
}

const ID = /^[0-9a-f]{64}$/;

/** Problems of `schema`'s validation of one document, each naming the field when graphql-js names one. */
function schemaProblems(schema: GraphQLSchema, document: DocumentNode): string[] {
  return validate(schema, document).map((e: GraphQLError) => e.message);
}

/**
 * Everything wrong with a manifest's operations; empty when it may be stored. A manifest is judged as
 * a whole: duplicate ids or names are problems of every operation involved.
 */
export function manifestProblems(client: string, schema: GraphQLSchema, manifest: unknown): OperationProblem[] {
  const problems: OperationProblem[] = [];
  const add = (operation: string, reason: string) => problems.push({ client, operation, reason });
  const m = manifest as { format?: unknown; version?: unknown; operations?: unknown };
  if (!m || typeof m !== 'object' || m.format !== 'apollo-persisted-query-manifest' || m.version !== 1 || !Array.isArray(m.operations)) {
    add('(manifest)', 'not an Apollo persisted-query manifest: expected { "format": "apollo-persisted-query-manifest", "version": 1, "operations": [...] }');
    return problems;
  }
  if (m.operations.length === 0) add('(manifest)', 'it lists no operations');
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  for (const op of m.operations as Partial<ManifestOperation>[]) {
    if (typeof op?.id === 'string') ids.set(op.id, (ids.get(op.id) ?? 0) + 1);
    if (typeof op?.name === 'string') names.set(op.name, (names.get(op.name) ?? 0) + 1);
  }
  (m.operations as Partial<ManifestOperation>[]).forEach((op, index) => {
    const label = typeof op?.name === 'string' && op.name ? op.name : `operations[${index}]`;
    if (!op || typeof op !== 'object' || typeof op.body !== 'string' || typeof op.id !== 'string' || typeof op.name !== 'string') {
      add(label, 'every operation needs string "id", "name", "type" and "body"');
      return;
    }
    if (!ID.test(op.id)) add(label, `id "${op.id}" is not a SHA-256 in lowercase hex`);
    else if (operationId(op.body) !== op.id) add(label, `id ${op.id} is not the SHA-256 of its body (the body was changed, or hashed differently)`);
    if ((ids.get(op.id) ?? 0) > 1) add(label, `id ${op.id} appears more than once`);
    if ((names.get(op.name) ?? 0) > 1) add(label, `the name ${op.name} appears more than once`);
    let document: DocumentNode;
    try {
      document = parse(op.body);
    } catch (error) {
      add(label, `body does not parse: ${(error as Error).message}`);
      return;
    }
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (operations.length !== 1) {
      add(label, `body must hold exactly one operation (it holds ${operations.length})`);
      return;
    }
    const [operation] = operations as [OperationDefinitionNode];
    if (operation.name?.value !== op.name) add(label, `body names the operation ${operation.name?.value ?? '(anonymous)'}, the manifest ${op.name}`);
    if (operation.operation !== op.type) add(label, `type is "${String(op.type)}" but the body is a ${operation.operation}`);
    for (const reason of schemaProblems(schema, document)) add(label, reason);
  });
  return problems;
}

/** Problems of a client's committed documents against `schema`, one per operation and reason. */
export function documentProblems(client: string, schema: GraphQLSchema, documents: readonly DocumentNode[]): OperationProblem[] {
  const manifest = manifestOf(documents);
  return manifest.operations.flatMap((op) =>
    schemaProblems(schema, parse(op.body)).map((reason) => ({ client, operation: op.name, reason })),
  );
}

