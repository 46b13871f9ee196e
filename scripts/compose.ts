/**
 * Composes the six subgraph schemas into `schema/supergraph.graphql` with @apollo/composition, and
 * writes `schema/api.graphql`, the schema clients see (what the gateway serves: no `join__`/`link`
 * machinery, no `@inaccessible` fields). `--check` composes in memory and fails if either committed
 * file differs (CI runs it in `npm test`). Both fail, naming each one, when a type, field, argument,
 * input field or enum value clients can see has no description: the schema is the contract.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  parse,
  printSchema,
  type GraphQLSchema,
} from 'graphql';
import { SUBGRAPHS } from '@qc/shared';

const root = join(__dirname, '..');
export const SUPERGRAPH_PATH = join(root, 'schema', 'supergraph.graphql');
export const API_SCHEMA_PATH = join(root, 'schema', 'api.graphql');

/** The client-facing schema of a supergraph, as the gateway derives it, printed as SDL. */
export function apiSchemaSdl(supergraphSdl: string): string {
  return `${printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema()).trim()}\n`;
}

/** Every type, field, argument, input field and enum value of `schema` without a description, by coordinate. */
export function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (what: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(what);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(`type ${type.name}`, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`field ${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`argument ${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`input field ${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`enum value ${type.name}.${value.name}`, value.description);
    }
  }
  return missing;
}

/** Composes from the files on disk; subgraph URLs are the local defaults (the gateway overrides them from env). */
export function composeSupergraph(): { supergraphSdl?: string; errors: string[]; hints: string[] } {
  const services = SUBGRAPHS.map(({ name, port }) => ({
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    typeDefs: parse(readFileSync(join(root, 'subgraphs', name, 'schema.graphql'), 'utf8')),
  }));
  const result = composeServices(services);
  const hints = (result.hints ?? []).map((h) => `${h.definition.code}: ${h.message}`);
  if (result.errors) return { errors: result.errors.map((e) => e.message), hints };
  return { supergraphSdl: `${result.supergraphSdl.trim()}\n`, errors: [], hints };
}

function main() {
  const check = process.argv.includes('--check');
  const { supergraphSdl, errors, hints } = composeSupergraph();
  for (const hint of hints) console.warn(`hint  ${hint}`);
  if (errors.length || !supergraphSdl) {
    console.error(`Composition failed with ${errors.length} error(s):`);
    for (const error of errors) console.error(`  ✗ ${error}`);
    process.exit(1);
  }
  if (hints.length) {
    console.error(`Composition produced ${hints.length} hint(s); fix them so the supergraph stays clean.`);
    process.exit(1);
  }
  const apiSdl = apiSchemaSdl(supergraphSdl);
  const missing = undocumented(buildSchema(apiSdl));
  if (missing.length) {
    console.error(`${missing.length} part(s) of the schema clients see have no description; document them in the owning subgraph's schema.graphql:`);
    for (const what of missing) console.error(`  ✗ ${what}`);
    process.exit(1);
  }
  const outputs = [
    { path: SUPERGRAPH_PATH, name: 'schema/supergraph.graphql', content: supergraphSdl },
    { path: API_SCHEMA_PATH, name: 'schema/api.graphql', content: apiSdl },
  ];
  if (check) {
    const stale = outputs.filter(({ path, content }) => (existsSync(path) ? readFileSync(path, 'utf8') : '') !== content);
    for (const { name } of stale) console.error(`${name} is stale: run \`npm run compose\` and commit the result.`);
    if (stale.length) process.exit(1);
    console.log(`${outputs.map((o) => o.name).join(' and ')} are up to date.`);
    return;
  }
  for (const { path, content } of outputs) writeFileSync(path, content);
  console.log(`Wrote ${outputs.map((o) => o.name).join(' and ')} from ${SUBGRAPHS.length} subgraphs.`);
}

if (require.main === module) main();
