import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { RegisteredOperation } from './store';

/**
 * A value of `type` that passes variable coercion: the gateway validates variables before it plans,
 * so planning an operation ahead of its first call needs some. Nullable inputs are left out; nothing
 * here reaches a subgraph (pre-planning runs with subgraph calls short-circuited).
 */
export function placeholderValue(type: GraphQLInputType): unknown {
  if (!isNonNullType(type)) return null;
  const inner = type.ofType;
  if (isListType(inner)) return [];
  if (isInputObjectType(inner)) {
    return Object.fromEntries(
      Object.values(inner.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, placeholderValue(f.type)]),
    );
  }
  if (isEnumType(inner)) return inner.getValues()[0]?.value ?? null;
  if (isScalarType(inner)) {
    switch (getNamedType(inner).name) {
      case 'Int':
      case 'Float':
        return 0;
      case 'Boolean':
        return false;
      case 'DateTime':
        return '1970-01-01T00:00:00.000Z';
      default:
        return 'preplan';
    }
  }
  return null;
}

/** Variables for `op` that coerce against `schema`, or null when its body names an unknown type (it cannot run either). */
export function placeholderVariables(schema: GraphQLSchema, op: Pick<RegisteredOperation, 'body'>): Record<string, unknown> | null {
  const operation = parse(op.body).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const variables: Record<string, unknown> = {};
  for (const def of operation?.variableDefinitions ?? []) {
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    if (!type) return null;
    if (isNonNullType(type) && !def.defaultValue) variables[def.variable.name.value] = placeholderValue(type);
  }
  return variables;
}

/** Runs one operation through the gateway's whole pipeline with subgraph calls short-circuited. */
export type PlanOperation = (op: RegisteredOperation, variables: Record<string, unknown>) => Promise<void>;

/**
 * Plans registered operations ahead of their first call, so that call finds its parsed, validated
 * document and its query plan cached. Work is queued: a schema reload while a round runs plans the
 * new schema after it. Operations are planned one at a time, yielding between them, so requests keep
 * being served meanwhile.
 */
export class Preplanner {
  private queue: Promise<void> = Promise.resolve();
  private stats = { rounds: 0, planned: 0, failed: 0, lastRoundMs: 0, pending: 0 };

  constructor(
    private readonly planOne: PlanOperation,
    private readonly log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void },
  ) {}

  /** Queues a round over `ops` against `schema`; resolves when that round is done. */
  plan(ops: readonly RegisteredOperation[], schema: GraphQLSchema): Promise<void> {
    const runnable = ops.filter((op) => op.type !== 'subscription');
    this.stats.pending += 1;
    this.queue = this.queue.then(async () => {
      const started = performance.now();
      let planned = 0;
      for (const op of runnable) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        const variables = placeholderVariables(schema, op);
        try {
          if (!variables) throw new Error('its variables name a type the schema lacks');
          await this.planOne(op, variables);
          planned += 1;
        } catch (error) {
          this.stats.failed += 1;
          this.log.warn({ operation: op.name, id: op.id, err: error }, 'could not pre-plan a registered operation');
        }
      }
      this.stats.rounds += 1;
      this.stats.planned += planned;
      this.stats.pending -= 1;
      this.stats.lastRoundMs = Math.round(performance.now() - started);
      if (runnable.length) this.log.info({ planned, ms: this.stats.lastRoundMs }, 'registered operations pre-planned');
    });
    return this.queue;
  }

  /** Resolves when every queued round is done. */
  idle(): Promise<void> {
    return this.queue;
  }

  snapshot() {
    return { ...this.stats };
  }
}
