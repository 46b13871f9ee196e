import {
  defaultFieldResolver,
  getNamedType,
  isListType,
  isObjectType,
  isUnionType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { decide, enforce, type AccessDecision } from './access';
import type { Identity } from './identity';

/** What a rule sees: who asks, the object the field belongs to (undefined on root fields), the arguments. */
export interface AccessRequest<TContext = unknown, TParent = any> {
  identity: Identity | null;
  parent: TParent;
  args: Record<string, any>;
  context: TContext;
}

/**
 * One access rule: a function of the request, pure or reading through the request's loaders. Rules
 * answer, they never throw; `applyPolicy` turns a refusal into the error.
 */
export type AccessRule<TContext = any, TParent = any> = (request: AccessRequest<TContext, TParent>) => AccessDecision | Promise<AccessDecision>;

/** Everyone, anonymous callers included (the public catalog, value types reached through guarded fields). */
export const anyone: AccessRule = () => 'ALLOWED';

/** Any signed identity: a person with a token, or the `service` identity. */
export const signedIn: AccessRule = ({ identity }) => decide(identity, () => true);

/** A field's policy: its rule, and optionally how it answers a refusal. */
export interface FieldPolicy<TContext = any, TParent = any> {
  rule: AccessRule<TContext, TParent>;
  /**
   * For lookups by id: when the caller may not see the object the field returns (its type's `object`
   * rule refuses), answer null, exactly as for an id that does not exist, so a stranger cannot tell
   * the two apart. Only for fields returning one nullable object.
   */
  hideForbidden?: boolean;
  /** The FORBIDDEN message; the type's `refusal`, else a generic one, when omitted. */
  refusal?: string;
}

/** Who may see a type and each of its fields. */
export interface TypePolicy<TContext = any, TParent = any> {
  /**
   * Who may see an object of this type at all, whatever path reached it (a root field, a nested field,
   * `_entities`): checked before every one of its fields, once per object per request. Omitted: the
   * fields decide alone. On an entity anything but `anyone` also makes `_entities` refuse anonymous
   * callers before loading anything.
   */
  object?: AccessRule<TContext, TParent>;
  /** The FORBIDDEN message of the type's refusals. */
  refusal?: string;
  /** Every field of the type, by name. A field missing here stops the server from being built. */
  fields: Record<string, AccessRule<TContext, TParent> | FieldPolicy<TContext, TParent>>;
}

/** A subgraph's whole policy: every object type of its schema, by name. */
export type SubgraphPolicy<TContext = any> = Record<string, TypePolicy<TContext>>;

/** The same rule for several fields: `...sameRule(ownerOnly, ['name', 'email'])`. */
export const sameRule = <R>(rule: R, fields: readonly string[]): Record<string, R> =>
  Object.fromEntries(fields.map((field) => [field, rule]));

/** Federation's own fields, answered by @apollo/subgraph: `_entities` checks each type's rule itself. */
const FEDERATION_FIELDS = new Set(['Query._entities', 'Query._service']);
const isFederationType = (name: string) => name.startsWith('__') || name === '_Service';

/** Object types of a subgraph schema that need a policy (introspection and federation's own excluded). */
function policedTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  return Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !isFederationType(t.name));
}

/**
 * What is wrong with a policy for a schema: every field without a declared rule and every declared
 * rule naming nothing, as `Type.field`. Empty when the policy covers the schema exactly.
 */
export function policyGaps(schema: GraphQLSchema, policy: SubgraphPolicy): string[] {
  const gaps: string[] = [];
  const types = policedTypes(schema);
  for (const type of types) {
    const declared = policy[type.name];
    for (const field of Object.keys(type.getFields())) {
      if (FEDERATION_FIELDS.has(`${type.name}.${field}`)) continue;
      if (!declared?.fields[field]) gaps.push(`${type.name}.${field} has no access rule`);
    }
    for (const field of Object.keys(declared?.fields ?? {})) {
      if (!type.getFields()[field]) gaps.push(`${type.name}.${field} has a rule but no such field`);
    }
  }
  const names = new Set(types.map((t) => t.name));
  for (const name of Object.keys(policy)) if (!names.has(name)) gaps.push(`${name} has a policy but no such type`);
  return gaps;
}

/** Thrown at build time when a schema and its policy disagree. */
export class PolicyGapError extends Error {
  constructor(readonly gaps: string[]) {
    super(`The access policy does not cover the schema:\n  ${gaps.join('\n  ')}`);
    this.name = 'PolicyGapError';
  }
}

type Decision = AccessDecision | Promise<AccessDecision>;
const isPromise = <T>(value: unknown): value is Promise<T> => typeof (value as Promise<T> | null)?.then === 'function';
const then = <T, R>(value: T | Promise<T>, next: (value: T) => R | Promise<R>): R | Promise<R> =>
  isPromise<T>(value) ? value.then(next) : next(value);
const normalise = (entry: AccessRule | FieldPolicy): FieldPolicy => (typeof entry === 'function' ? { rule: entry } : entry);
const identityOf = (context: unknown): Identity | null => (context as { identity?: Identity | null } | null)?.identity ?? null;

/**
 * Puts a subgraph's policy on its schema, in place: every field resolver first asks its type's
 * `object` rule (memoized per object per request) and its own rule, and every `__resolveReference` of
 * a non-public entity refuses anonymous callers. Throws `PolicyGapError` when a field has no rule.
 * Rules that are `anyone` cost nothing: their fields keep their resolver untouched.
 */
export function applyPolicy(schema: GraphQLSchema, policy: SubgraphPolicy): GraphQLSchema {
  const gaps = policyGaps(schema, policy);
  if (gaps.length) throw new PolicyGapError(gaps);
  const memo = new WeakMap<object, WeakMap<object, Map<string, Decision>>>();

  /** The type's object rule for `parent`, asked once per object per request. */
  const objectDecision = (typeName: string, rule: AccessRule, parent: unknown, context: unknown): Decision => {
    const request = { identity: identityOf(context), parent, args: {}, context };
    if (typeof parent !== 'object' || parent === null || typeof context !== 'object' || context === null) return rule(request);
    let perContext = memo.get(context);
    if (!perContext) memo.set(context, (perContext = new WeakMap()));
    let perObject = perContext.get(parent);
    if (!perObject) perContext.set(parent, (perObject = new Map()));
    let decision = perObject.get(typeName);
    if (decision === undefined) perObject.set(typeName, (decision = rule(request)));
    return decision;
  };

  const rootNames = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  for (const type of policedTypes(schema)) {
    const typePolicy = policy[type.name]!;
    const objectRule = !rootNames.has(type.name) && typePolicy.object !== anyone ? typePolicy.object : undefined;
    for (const [name, field] of Object.entries(type.getFields())) {
      if (FEDERATION_FIELDS.has(`${type.name}.${name}`)) continue;
      const { rule, hideForbidden, refusal = typePolicy.refusal } = normalise(typePolicy.fields[name]!);
      const fieldRule = rule === anyone ? undefined : rule;
      const hiding = hideForbidden ? hidingRule(policy, field.type) : undefined;
      if (!objectRule && !fieldRule && !hiding) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, context, info) => {
        const first = objectRule ? objectDecision(type.name, objectRule, parent, context) : 'ALLOWED';
        const checked = then(first, (decision) => {
          enforce(decision, typePolicy.refusal);
          return fieldRule ? fieldRule({ identity: identityOf(context), parent, args, context }) : 'ALLOWED';
        });
        return then(checked, (decision) => {
          enforce(decision, refusal);
          const result = resolve(parent, args, context, info);
          if (!hiding) return result;
          return then(result, (value) =>
            value === null || value === undefined
              ? value
              : then(objectDecision(hiding.typeName, hiding.rule, value, context), (seen) => (seen === 'ALLOWED' ? value : null)),
          );
        });
      };
    }
  }
  guardReferences(schema, policy);
  return schema;
}

/** The object rule of the one object type a `hideForbidden` field returns. */
function hidingRule(policy: SubgraphPolicy, type: Parameters<typeof getNamedType>[0]): { typeName: string; rule: AccessRule } {
  const named = getNamedType(type);
  const rule = named ? policy[named.name]?.object : undefined;
  if (!isObjectType(named) || isListType(type) || !rule) throw new Error(`hideForbidden needs a field returning one object with an object rule, not ${String(type)}`);
  return { typeName: named.name, rule };
}

interface SubgraphExtensions {
  apollo?: { subgraph?: { resolveReference?: (reference: unknown, context: unknown, info: unknown) => unknown } };
}

/**
 * `_entities` asks each type's `__resolveReference`. For every entity that is not public, a caller
 * without a signed identity is refused before anything is loaded (the `service` identity is signed).
 */
function guardReferences(schema: GraphQLSchema, policy: SubgraphPolicy): void {
  const entities = schema.getType('_Entity');
  if (!isUnionType(entities)) return;
  for (const type of entities.getTypes()) {
    if (policy[type.name]?.object === anyone) continue;
    const extensions = type.extensions as SubgraphExtensions;
    const subgraph = ((extensions.apollo ??= {}).subgraph ??= {});
    const resolve = subgraph.resolveReference ?? ((reference: unknown) => reference);
    // Async, so a refusal fails this representation only, not the whole `_entities` list.
    subgraph.resolveReference = async (reference, context, info) => {
      if (!identityOf(context)) enforce('UNAUTHENTICATED');
      return resolve(reference, context, info);
    };
  }
}
