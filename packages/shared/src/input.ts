import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isInputObjectType,
  isListType,
  isObjectType,
  isInterfaceType,
  isScalarType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type DocumentNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import { ErrorCode } from './errors';

/**
 * Limits every argument of every operation obeys, whatever its field. Fields set tighter limits of their
 * own in their domain rules (an address line is 200 characters); these are the floor nothing passes.
 */
export const INPUT_LIMITS = {
  /** An id, key or cursor given as `ID`. */
  idLength: 200,
  /** Any `String`: the longest any field documents is a delivery proof of 2,000 characters. */
  stringLength: 2000,
  /** Nesting of a JSON-like scalar (`_Any` representations). */
  depth: 10,
} as const;

/**
 * Control characters: C0 and C1 and DEL. Postgres refuses NUL in text outright (and the error quotes the
 * SQL); the others have no place in an id, a key, a name or an address. Free text may keep tab and
 * line breaks.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_ID = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** A UTF-16 half without its other half: Postgres would store U+FFFD instead of what was sent. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A custom scalar's value that could not be read (e.g. `DateTime` given "yesterday"). The scalar hands
 * it on instead of failing validation, so the refusal names the argument like every other input problem.
 */
export class UnreadableInput {
  constructor(
    /** What was expected, for people: "an ISO 8601 date-time such as 2026-12-07T10:00:00Z". */
    readonly expected: string,
    readonly given: unknown,
  ) {}
}

/** One argument value that must not reach a resolver. */
export interface ArgumentProblem {
  /** The field the argument belongs to, e.g. `placeOrder`. */
  field: string;
  /** The argument and the path inside it, e.g. `input.address.line1` or `items.0.productId`. */
  argument: string;
  message: string;
}

const describe = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

const codePoint = (text: string, pattern: RegExp): string => {
  const found = pattern.exec(text)![0]!;
  return `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
};

/** What is wrong with one text value, or null. */
function textProblem(value: string, kind: 'id' | 'text'): string | null {
  const max = kind === 'id' ? INPUT_LIMITS.idLength : INPUT_LIMITS.stringLength;
  if (value.length > max) return `is ${value.length} characters long; at most ${max} are allowed`;
  const control = kind === 'id' ? CONTROL_IN_ID : CONTROL_IN_TEXT;
  if (control.test(value)) return `contains a control character (${codePoint(value, control)}); remove it`;
  if (LONE_SURROGATE.test(value)) return 'is not valid Unicode (a lone surrogate)';
  return null;
}

/** Problems of a value of an input type; `path` is where it sits in the argument. */
function checkValue(value: unknown, type: GraphQLInputType, path: string, out: string[][]): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, i) => checkValue(item, nullable.ofType as GraphQLInputType, `${path}.${i}`, out));
    return;
  }
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      if (field) checkValue(fieldValue, field.type, `${path}.${name}`, out);
    }
    return;
  }
  if (!isScalarType(nullable)) return;
  const problem = scalarProblem(nullable.name, value);
  if (problem) out.push([path, problem]);
}

function scalarProblem(scalar: string, value: unknown, depth = 0): string | null {
  if (value instanceof UnreadableInput) return `must be ${value.expected}; got ${describe(value.given)}`;
  if (typeof value === 'string') return textProblem(value, scalar === 'ID' ? 'id' : 'text');
  // A literal like 1e309 is a valid GraphQL Float that parses to Infinity.
  if (typeof value === 'number') return Number.isFinite(value) ? null : `must be a finite number; got ${describe(value)}`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'is not a valid date-time' : null;
  if (typeof value === 'object' && value !== null) {
    // JSON-like scalars (federation's `_Any` representations): every string and number inside.
    if (depth >= INPUT_LIMITS.depth) return `is nested deeper than ${INPUT_LIMITS.depth} levels`;
    for (const [key, inner] of Object.entries(value)) {
      const problem = (typeof key === 'string' && textProblem(key, 'text')) || scalarProblem('', inner, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * Every argument of every field an operation selects — root, nested, in fragments — as the resolvers
 * would receive it (variables and literals coerced by the schema), checked for control characters,
 * over-long text, broken Unicode, non-finite numbers and unreadable custom scalars. Returns the
 * problems; empty when the operation may run. Values the schema itself cannot coerce are left to
 * GraphQL's own validation, which answers them.
 */
export function findInputProblems(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  rawVariables: Record<string, unknown>,
): ArgumentProblem[] {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables, { maxErrors: 1 });
  if ('errors' in coerced && coerced.errors) return [];
  const variables = coerced.coerced ?? {};
  const problems: ArgumentProblem[] = [];
  const visitedFragments = new Set<string>();

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) walk(selection.selectionSet, type);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        // Arguments inside a fragment are the same wherever it is spread: check it once.
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || visitedFragments.has(name)) continue;
        visitedFragments.add(name);
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type && isCompositeType(type)) walk(fragment.selectionSet, type);
        continue;
      }
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const field = parent.getFields()[selection.name.value];
      if (!field) continue; // __typename and introspection
      if (field.args.length && selection.arguments?.length) {
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(field, selection, variables);
        } catch {
          continue; // not coercible: validation or execution reports it
        }
        for (const arg of field.args) {
          const found: string[][] = [];
          checkValue(values[arg.name], arg.type, arg.name, found);
          for (const [argument, message] of found) problems.push({ field: field.name, argument: argument!, message: message! });
        }
      }
      const type = getNamedType(field.type);
      if (selection.selectionSet && isCompositeType(type)) walk(selection.selectionSet, type);
    }
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (root) walk(operation.selectionSet, root);
  return problems;
}

/** A document's fragment definitions by name. */
export function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return fragments;
}

/** The problems as one BAD_USER_INPUT error naming each argument. */
export function inputError(problems: readonly ArgumentProblem[]): GraphQLError {
  const lines = problems.map((p) => `Argument "${p.argument}" of ${p.field} ${p.message}`);
  const first = problems[0]!;
  return new GraphQLError(lines.length === 1 ? `${lines[0]}.` : `${lines.length} arguments are not acceptable: ${lines.join('; ')}.`, {
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      field: first.field,
      argument: first.argument,
      // Answered with 200 like any GraphQL error, so the gateway passes the code and message on
      // (it turns a non-2xx answer into an opaque "400: Bad Request").
      http: { status: 200 },
    },
  });
}

/**
 * The subgraph server's guard: runs after the operation is parsed and validated and before anything
 * executes, so hostile input never reaches a resolver, a database or a payment provider, in any
 * field of the operation (a later mutation field's bad input stops the earlier ones too).
 */
export function inputGuard<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const problems = findInputProblems(schema, operation, fragmentsOf(document), request.variables ?? {});
          if (problems.length) throw inputError(problems);
        },
      };
    },
  };
}
