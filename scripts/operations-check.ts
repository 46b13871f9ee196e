/**
 * `npm run operations:check` (part of `npm test`): the schema registry's operation check, locally.
 * Composes the supergraph from the subgraphs' current schemas and validates every committed client
 * operation against its API schema; any that would break fails the check, naming the client, the
 * operation and why (the field). It also lists the breaking and dangerous changes between the
 * committed supergraph (git HEAD) and this composition, with @graphql-inspector/core.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { CLIENT_NAMES, clientDocuments } from '../clients/clients';
import { apiSchemaSdl, composeSupergraph, SUPERGRAPH_PATH } from './compose';
import { documentProblems, type OperationProblem } from './operations/validate';

/** Every committed client operation that `schema` would break. */
export function brokenClientOperations(schema: GraphQLSchema): OperationProblem[] {
  return CLIENT_NAMES.flatMap((client) => documentProblems(client, schema, clientDocuments(client).map((d) => d.document)));
}

/** The supergraph as committed at HEAD; the working file when there is no git (a container build). */
function committedSupergraph(): string {
  try {
    const path = relative(execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim(), SUPERGRAPH_PATH);
    return execFileSync('git', ['show', `HEAD:${path}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return readFileSync(SUPERGRAPH_PATH, 'utf8');
  }
}

/** Breaking and dangerous changes from `before` to `after`, one line each. */
export async function schemaChanges(before: GraphQLSchema, after: GraphQLSchema): Promise<string[]> {
  const changes = await diff(before, after);
  return changes
    .filter((c) => c.criticality.level !== CriticalityLevel.NonBreaking)
    .map((c) => `${c.criticality.level === CriticalityLevel.Breaking ? 'BREAKING ' : 'DANGEROUS'} ${c.message}`);
}

async function main() {
  const { supergraphSdl, errors } = composeSupergraph();
  if (!supergraphSdl) {
    console.error(`The subgraphs do not compose, so no operation can be checked:\n${errors.map((e) => `  ✗ ${e}`).join('\n')}`);
    process.exit(1);
  }
  const schema = buildSchema(apiSchemaSdl(supergraphSdl));
  const changes = await schemaChanges(buildSchema(apiSchemaSdl(committedSupergraph())), schema);
  if (changes.length) {
    console.log(`Schema changes against the committed supergraph that clients may notice (${changes.length}):`);
    for (const line of changes) console.log(`  ${line}`);
  }
  const broken = brokenClientOperations(schema);
  if (broken.length) {
    console.error(`This schema breaks ${broken.length} committed client operation(s):`);
    for (const p of broken) console.error(`  ✗ ${p.client} ${p.operation}: ${p.reason}`);
    console.error('Keep the field (deprecate it first), or change the clients\' operations in clients/<name>/operations and `npm run codegen`.');
    process.exit(1);
  }
  console.log(`Every committed operation of ${CLIENT_NAMES.join(', ')} validates against the composed schema.`);
}

if (require.main === module) void main();
