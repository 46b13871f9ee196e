import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  type GraphQLFormattedError,
  type GraphQLOutputType,
} from 'graphql';
import { ErrorCode, type Identity } from '@qc/shared';
import type { LiveValue, RelativeError } from './delivery';
import { KEY_ALIAS, ROOT_ALIAS, type RootCallSpec, type SubscriptionShape } from './selection';

/** An operation the engine runs through the gateway (planner, executor, signed subgraph calls). */
export interface RunRequest {
  query: string;
  variables: Record<string, unknown>;
  identity: Identity | null;
  requestId: string;
}

export interface RunResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

export type RunOperation = (request: RunRequest) => Promise<RunResult>;

const REFUSING = new Set<string>([ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED]);

export const gqlError = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });

/** Whether a field's answer, walked along `path`, is a list of entities. */
export function answersList(type: GraphQLOutputType, path: readonly string[]): boolean {
  let current: GraphQLOutputType = type;
  let list = isListType(getNullableType(current));
  for (const segment of path) {
    const named = getNamedType(current);
    if (!isObjectType(named)) return list;
    const next = named.getFields()[segment];
    if (!next) return list;
    current = next.type;
    list ||= isListType(getNullableType(current));
  }
  return list;
}

export interface FoundEntity {
  key?: unknown;
  prefix: readonly (string | number)[];
  live: LiveValue;
}

/** The entities in a root call's answer, each with the errors under it (paths made relative). */
export function entitiesOf(result: RunResult, call: RootCallSpec): FoundEntity[] {
  const found: { value: Record<string, unknown>; prefix: (string | number)[] }[] = [];
  const walk = (value: unknown, prefix: (string | number)[], path: readonly string[]) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, [...prefix, index], path));
      return;
    }
    if (path.length === 0) {
      found.push({ value: value as Record<string, unknown>, prefix });
      return;
    }
    walk((value as Record<string, unknown>)[path[0]!], [...prefix, path[0]!], path.slice(1));
  };
  walk(result.data?.[ROOT_ALIAS], [ROOT_ALIAS], call.path ?? []);
  return found.map(({ value, prefix }) => {
    let key: unknown;
    let entity = value;
    if (call.keyField) {
      ({ [KEY_ALIAS]: key, ...entity } = value);
    }
    const errors = (result.errors ?? [])
      .filter((e) => e.path && prefix.every((segment, i) => e.path![i] === segment))
      .map((e): RelativeError => ({ message: e.message, path: e.path!.slice(prefix.length), extensions: e.extensions }));
    return { key, prefix, live: errors.length ? { value: entity, errors } : { value: entity } };
  });
}

/** Errors not under any entity found (the root call itself failed). */
export function strayErrors(result: RunResult, entities: FoundEntity[]): RelativeError[] {
  return (result.errors ?? [])
    .filter((e) => !entities.some((entity) => e.path && entity.prefix.every((segment, i) => e.path![i] === segment)))
    .map((e) => ({ message: e.message, extensions: e.extensions }));
}

/** A FORBIDDEN or UNAUTHENTICATED anywhere in an answer read with the subscriber's identity. */
export function refusalIn(result: RunResult): GraphQLError | null {
  const refusal = result.errors?.find((e) => REFUSING.has(String(e.extensions?.code)));
  if (!refusal) return null;
  return gqlError(String(refusal.extensions!.code), refusal.message);
}

/** The selection's top-level values, with the ones the event carries taken from the event. */
export function withCarried(shape: SubscriptionShape, carried: Record<string, unknown>, fetched: Record<string, unknown>): Record<string, unknown> {
  if (shape.topFields.length === 0) return fetched;
  const out: Record<string, unknown> = {};
  for (const field of shape.topFields) {
    if (field.leaf && field.name in carried) out[field.responseKey] = carried[field.name];
    else if (field.name === '__typename') out[field.responseKey] = fetched[field.responseKey] ?? shape.returnType.name;
    else out[field.responseKey] = fetched[field.responseKey];
  }
  return out;
}
