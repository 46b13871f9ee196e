import type { GraphQLError, GraphQLSchema } from 'graphql';
import { ErrorCode, type Identity, type Logger } from '@qc/shared';
import { answersList, entitiesOf, gqlError, refusalIn, strayErrors, type RunOperation, type RunRequest, type RunResult } from './answers';
import type { LiveValue } from './delivery';
import { Limiter } from './limiter';
import type { EntityLiveField, LiveField, LiveRequest, RootCall } from './registry';
import { buildRootOperation, ROOT_ALIAS, stableStringify, type RootCallSpec, type SubscriptionShape } from './selection';

/** Subscribe-time reads (access checks, current states) running at once; the rest wait their turn. */
const SUBSCRIBE_READS = 32;
const TRANSPORT_FAILURE = /ECONNRESET|socket hang up|EPIPE/;

/** The reads the engine makes through the gateway: access checks and current states at subscribe time, entities per event. */
export class LiveReads {
  /** Reads with the subscriber's own identity in flight: subscribers arriving together with the same identity and selection share one. */
  readonly inFlight = new Map<string, Promise<RunResult>>();
  readonly admission = new Limiter(SUBSCRIBE_READS);

  constructor(
    private readonly run: RunOperation,
    private readonly log: Logger,
    /** True once shutdown has begun: a fetch cut short by it is expected, not an error. */
    private readonly closing: () => boolean,
  ) {}

  /** Loads one entity with the selection; null when it is not (or no longer) there. */
  async loadEntity(schema: GraphQLSchema, field: EntityLiveField, shape: SubscriptionShape, entityId: string, identity: Identity | null, requestId: string): Promise<LiveValue | null> {
    const call = this.callSpec(schema, field.load, field.load.args?.(entityId) ?? {}, field.keyField);
    let result: RunResult;
    try {
      result = await this.runRead({ ...buildRootOperation(schema, shape, call), identity, requestId });
    } catch (error) {
      // During shutdown the server stops under a fetch still running; that is expected.
      if (this.closing()) this.log.debug({ err: error, requestId }, 'live fetch ended by shutdown');
      else this.log.error({ err: error, requestId }, 'live fetch failed');
      return { value: null, errors: [{ message: 'The update could not be resolved', extensions: { code: ErrorCode.UNAVAILABLE } }] };
    }
    const entities = entitiesOf(result, call);
    const found = call.keyField ? entities.find((e) => e.key === entityId) : entities[0];
    if (found) return found.live;
    const stray = strayErrors(result, entities);
    return stray.length ? { value: null, errors: stray } : null;
  }

  /** The access query, with the subscriber's own identity. */
  async checkAccess(schema: GraphQLSchema, field: LiveField, live: LiveRequest): Promise<GraphQLError | null> {
    if (!field.check) return null;
    const call = this.callSpec(schema, field.check, field.check.args?.(live) ?? {});
    const result = await this.runShared({
      ...buildRootOperation(schema, { fragments: '', variableDefinitions: [], variables: {} }, call),
      identity: live.identity,
      requestId: `live-check:${field.check.field}`,
    });
    const refusal = refusalIn(result);
    if (refusal) return refusal;
    if (result.errors?.length && !result.data?.[ROOT_ALIAS]) {
      return gqlError(ErrorCode.UNAVAILABLE, `Access could not be checked: ${result.errors[0]!.message}`);
    }
    if (!result.data?.[ROOT_ALIAS]) return gqlError(ErrorCode.NOT_FOUND, `Nothing to follow: ${field.check.field} ${stableStringify(call.args)} does not exist`);
    return null;
  }

  /** The current state with the subscriber's own identity; a refusal anywhere refuses the subscription. */
  async currentState(schema: GraphQLSchema, field: EntityLiveField, shape: SubscriptionShape, live: LiveRequest, topic: string): Promise<LiveValue[] | GraphQLError> {
    if (!field.current) return [];
    const call =
      field.current === 'topic'
        ? this.callSpec(schema, field.load, field.load.args?.(topic) ?? {}, field.keyField)
        : this.callSpec(schema, field.current, field.current.args?.(live) ?? {});
    const result = await this.runShared({ ...buildRootOperation(schema, shape, call), identity: live.identity, requestId: `live-current:${shape.fieldName}` });
    const refusal = refusalIn(result);
    if (refusal) return refusal;
    const entities = entitiesOf(result, call);
    if (field.current === 'topic') {
      const found = call.keyField ? entities.find((e) => e.key === topic) : entities[0];
      if (found) return [found.live];
      if (result.errors?.length) return gqlError(ErrorCode.UNAVAILABLE, `The current state could not be read: ${result.errors[0]!.message}`);
      return gqlError(ErrorCode.NOT_FOUND, `Nothing to follow: ${field.load.field} ${topic} does not exist`);
    }
    if (entities.length === 0 && result.errors?.length) return gqlError(ErrorCode.UNAVAILABLE, `The current state could not be read: ${result.errors[0]!.message}`);
    return entities.map((e) => e.live);
  }

  /**
   * A subscribe-time read: one for identical requests in flight (same identity, operation, variables),
   * and at most `SUBSCRIBE_READS` at a time, so a reconnect storm queues here instead of stalling the
   * event loop (and timing out the `connection_init` of every socket waiting behind it).
   */
  private runShared(request: RunRequest): Promise<RunResult> {
    const key = [stableStringify(request.identity), request.query, stableStringify(request.variables)].join('\u0000');
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.admission.run(() => this.runRead(request)).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * Live reads are idempotent, so one that failed in transport is tried once more: a pooled
   * connection to a subgraph can be reset by the subgraph's idle timeout just as it is reused.
   */
  private async runRead(request: RunRequest): Promise<RunResult> {
    const result = await this.run(request);
    const transport = !result.data?.[ROOT_ALIAS] && result.errors?.some((e) => TRANSPORT_FAILURE.test(e.message));
    return transport ? this.run(request) : result;
  }

  private callSpec(schema: GraphQLSchema, call: RootCall<never>, args: Record<string, unknown>, keyField?: string): RootCallSpec {
    const queryField = schema.getQueryType()?.getFields()[call.field];
    if (!queryField) throw new Error(`the live field needs Query.${call.field}, which the schema does not have`);
    return { field: call.field, args, path: call.path, keyField: answersList(queryField.type, call.path ?? []) ? (keyField ?? 'id') : undefined };
  }
}
