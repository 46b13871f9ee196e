import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** The fragment that carries a subscriber's selection into the operations the gateway runs for it. */
export const SELECTION_FRAGMENT = 'QcLiveSelection';
/** Alias of the root field in those operations; errors under it are re-pathed to the subscriber's field. */
export const ROOT_ALIAS = 'qcLive';
/** Alias of the entity key added when entities must be picked out of a list. */
export const KEY_ALIAS = 'qcLiveKey';

/** A top-level field of the selection: response key, field name, and whether it is a leaf. */
export interface TopField {
  responseKey: string;
  name: string;
  leaf: boolean;
}

/**
 * One subscription operation, taken apart: which live field with which arguments, and what it selects,
 * normalised so that subscribers selecting the same thing share one key whatever their aliases,
 * operation names or whitespace.
 */
export interface SubscriptionShape {
  fieldName: string;
  /** What the subscriber calls the field in its answer (its alias, or the field name). */
  responseKey: string;
  args: Record<string, unknown>;
  returnType: GraphQLNamedType;
  /**
   * `fragment QcLiveSelection on <Type> { … }` and every fragment it uses, printed; empty for a leaf
   * type. Identical for identical selections, so it is the selection's grouping key.
   */
  fragments: string;
  /** Printed definitions (`$first: Int`) of the variables the selection uses. */
  variableDefinitions: string[];
  /** Values of those variables, coerced. */
  variables: Record<string, unknown>;
  /** `variables` as a stable string, for grouping. */
  variablesKey: string;
  /** The selection's top-level fields, for event-carried values; empty for a leaf type. */
  topFields: TopField[];
}

/** Key-sorted JSON: equal values give equal strings whatever the key order they were written in. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/**
 * Takes a validated subscription operation apart. Returns GraphQL errors for what validation cannot
 * see: bad variable values or arguments, and our reserved fragment name.
 */
export function analyseSubscription(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown>,
): SubscriptionShape | GraphQLError[] {
  const subscriptionType = schema.getSubscriptionType();
  if (!subscriptionType) return [new GraphQLError('This schema has no subscriptions')];
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  if (fragments[SELECTION_FRAGMENT]) {
    return [new GraphQLError(`The fragment name ${SELECTION_FRAGMENT} is reserved by the gateway; rename the fragment`)];
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (coerced.errors) return [...coerced.errors];
  const variables = coerced.coerced;

  const roots = collectFields(schema, fragments, variables, subscriptionType, operation.selectionSet);
  const [first] = roots;
  if (!first || roots.length !== 1) return [new GraphQLError('A subscription selects exactly one root field')];
  const { responseKey, nodes } = first;
  const fieldName = nodes[0]!.name.value;
  const field = subscriptionType.getFields()[fieldName] as GraphQLField<unknown, unknown> | undefined;
  if (!field) return [new GraphQLError(`Subscription has no field ${fieldName}`)];
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(field, nodes[0]!, variables);
  } catch (error) {
    return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
  }
  const returnType = getNamedType(field.type);

  const selections = nodes.flatMap((node) => node.selectionSet?.selections ?? []);
  if (isLeafType(returnType) || selections.length === 0) {
    return { fieldName, responseKey, args, returnType, fragments: '', variableDefinitions: [], variables: {}, variablesKey: '{}', topFields: [] };
  }

  const used = usedFragments(selections, fragments);
  const selectionFragment: FragmentDefinitionNode = {
    kind: Kind.FRAGMENT_DEFINITION,
    name: { kind: Kind.NAME, value: SELECTION_FRAGMENT },
    typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: returnType.name } },
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  const printed = [print(selectionFragment), ...used.sort().map((name) => print(fragments[name]!))].join('\n');

  const variableNames = usedVariables([selectionFragment, ...used.map((name) => fragments[name]!)]);
  const definitions = (operation.variableDefinitions ?? []).filter((d) => variableNames.has(d.variable.name.value));
  const usedValues: Record<string, unknown> = {};
  for (const d of definitions) usedValues[d.variable.name.value] = variables[d.variable.name.value];

  const topFields = isObjectType(returnType)
    ? collectFields(schema, fragments, variables, returnType, selectionFragment.selectionSet).map(({ responseKey: key, nodes: fieldNodes }) => ({
        responseKey: key,
        name: fieldNodes[0]!.name.value,
        leaf: !fieldNodes.some((n) => n.selectionSet),
      }))
    : [];

  return {
    fieldName,
    responseKey,
    args,
    returnType,
    fragments: printed,
    variableDefinitions: definitions.map((d) => `${print(d.variable)}: ${print(d.type)}`),
    variables: usedValues,
    variablesKey: stableStringify(usedValues),
    topFields,
  };
}

/**
 * The fields a selection set yields for an object type, by response key, in order: fragments and
 * inline fragments whose condition matches are expanded, `@skip`/`@include` are honoured.
 */
export function collectFields(
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
): { responseKey: string; nodes: FieldNode[] }[] {
  const fields = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  const included = (node: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  const matches = (condition: string | undefined) => {
    if (!condition || condition === type.name) return true;
    const conditionType = schema.getType(condition);
    return !!conditionType && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
  };
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        fields.set(key, [...(fields.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (matches(selection.typeCondition?.name.value)) walk(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (visited.has(name) || !fragment || !matches(fragment.typeCondition.name.value)) continue;
        visited.add(name);
        walk(fragment.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return [...fields].map(([responseKey, nodes]) => ({ responseKey, nodes }));
}

/** Names of the fragments `selections` spread, directly or through other fragments. */
function usedFragments(selections: readonly SelectionNode[], fragments: Record<string, FragmentDefinitionNode>): string[] {
  const found = new Set<string>();
  const pending: SelectionSetNode[] = [{ kind: Kind.SELECTION_SET, selections }];
  while (pending.length) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const name = node.name.value;
        if (found.has(name) || !fragments[name]) return;
        found.add(name);
        pending.push(fragments[name].selectionSet);
      },
    });
  }
  return [...found];
}

function usedVariables(definitions: FragmentDefinitionNode[]): Set<string> {
  const names = new Set<string>();
  for (const definition of definitions) {
    visit(definition, {
      Variable(node) {
        names.add(node.name.value);
      },
    });
  }
  return names;
}

/** A root `Query` field call: which field, and its arguments' values. */
export interface RootCallSpec {
  field: string;
  args: Record<string, unknown>;
  /** Where the entities are inside the field's answer (`['edges', 'node']`); lists are walked. */
  path?: readonly string[];
  /** Select the entity's key under KEY_ALIAS, to pick one entity out of a list by id. */
  keyField?: string;
}

/** An operation the gateway runs through its own planner and executor, with its variables. */
export interface BuiltOperation {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * `query QcLive($qcLive_id: ID!, <the selection's variables>) { qcLive: order(id: $qcLive_id) { ...QcLiveSelection } }`
 * followed by the subscriber's fragments. Arguments are variables, so the text (and the query plan the
 * gateway caches for it) is the same for every entity.
 */
export function buildRootOperation(
  schema: GraphQLSchema,
  shape: Pick<SubscriptionShape, 'fragments' | 'variableDefinitions' | 'variables'>,
  call: RootCallSpec,
): BuiltOperation {
  const queryType = schema.getQueryType();
  const field = queryType?.getFields()[call.field];
  if (!field) throw new Error(`Query.${call.field} is not in the schema`);
  const variables: Record<string, unknown> = { ...shape.variables };
  const definitions = [...shape.variableDefinitions];
  const argsText: string[] = [];
  for (const [name, value] of Object.entries(call.args)) {
    const arg = field.args.find((a) => a.name === name);
    if (!arg) throw new Error(`Query.${call.field} has no argument ${name}`);
    definitions.push(`$${ROOT_ALIAS}_${name}: ${String(arg.type)}`);
    argsText.push(`${name}: $${ROOT_ALIAS}_${name}`);
    variables[`${ROOT_ALIAS}_${name}`] = value;
  }
  const inner = `{ ${call.keyField ? `${KEY_ALIAS}: ${call.keyField} ` : ''}${shape.fragments ? `...${SELECTION_FRAGMENT}` : '__typename'} }`;
  const wrapped = (call.path ?? []).reduceRight((body, segment) => `{ ${segment} ${body} }`, inner);
  const header = definitions.length ? `(${definitions.join(', ')})` : '';
  const callArgs = argsText.length ? `(${argsText.join(', ')})` : '';
  return { query: `query QcLive${header} { ${ROOT_ALIAS}: ${call.field}${callArgs} ${wrapped} }\n${shape.fragments}`, variables };
}

/**
 * `subscription QcLive(<args and selection variables>) { qcLive: <field>(<args>) { ...QcLiveSelection } }`:
 * executed locally against the API schema with the event as root value, for results carried by the event.
 */
export function buildPayloadOperation(schema: GraphQLSchema, shape: SubscriptionShape): string {
  const field = schema.getSubscriptionType()!.getFields()[shape.fieldName]!;
  const definitions = [...shape.variableDefinitions];
  const argsText: string[] = [];
  for (const arg of field.args) {
    definitions.push(`$${ROOT_ALIAS}_${arg.name}: ${String(arg.type)}`);
    argsText.push(`${arg.name}: $${ROOT_ALIAS}_${arg.name}`);
  }
  const header = definitions.length ? `(${definitions.join(', ')})` : '';
  const callArgs = argsText.length ? `(${argsText.join(', ')})` : '';
  const body = shape.fragments ? ` { ...${SELECTION_FRAGMENT} }` : '';
  return `subscription QcLive${header} { ${ROOT_ALIAS}: ${shape.fieldName}${callArgs}${body} }\n${shape.fragments}`;
}

/** Variables for a payload operation: the subscription's own arguments plus the selection's variables. */
export function payloadVariables(shape: SubscriptionShape): Record<string, unknown> {
  const variables: Record<string, unknown> = { ...shape.variables };
  for (const [name, value] of Object.entries(shape.args)) variables[`${ROOT_ALIAS}_${name}`] = value;
  return variables;
}
