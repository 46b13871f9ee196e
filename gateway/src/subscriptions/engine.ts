import {
  executeSync,
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  parse,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { courierIdOf, ErrorCode, type EventBus, type Identity, type Logger, type NatsConnection } from '@qc/shared';
import { LiveSubscription, type LiveValue, type RelativeError } from './delivery';
import { NatsFeeds } from './feeds';
import type { EntityLiveField, LiveField, LiveFields, LiveRequest, LiveSource, PayloadLiveField, RootCall } from './registry';
import {
  analyseSubscription,
  buildPayloadOperation,
  buildRootOperation,
  KEY_ALIAS,
  payloadVariables,
  ROOT_ALIAS,
  stableStringify,
  type RootCallSpec,
  type SubscriptionShape,
} from './selection';

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

/** The socket a subscription lives on, as far as the engine needs it. */
export interface LiveConnection {
  close(code: number, reason: string): void;
}

export interface SubscriptionEngineOptions {
  fields: LiveFields;
  nats: NatsConnection;
  /** Subject naming: durable `<prefix>.<subject>`, live `<prefix>_live.<subject>`. */
  bus: Pick<EventBus, 'subject' | 'liveSubject'>;
  run: RunOperation;
  log: Logger;
  /** Ordered results pending for one subscriber before its connection is closed. */
  maxPending?: number;
}

/** Close code for a client that cannot keep up with results that must not be dropped (RFC 6455 "try again later"). */
export const CLOSE_TOO_SLOW = 1013;

/** The subject of the identities the gateway makes up for shared fetches. */
export const LIVE_FETCH_SUBJECT = 'gateway:live';

/**
 * Who a shared fetch runs as. Subscribers that may see the same things share one fetch per event,
 * made with the least identity of that audience: all admins; the staff of one store; one customer;
 * one courier. A shared fetch therefore never reads more than each of its subscribers could read
 * with a query of their own, however their selections reach across the graph.
 */
export function fetchScope(identity: Identity): { key: string; identity: Identity } {
  switch (identity.role) {
    case 'admin':
      return { key: 'admin', identity: { sub: LIVE_FETCH_SUBJECT, role: 'admin' } };
    case 'store_staff':
      return { key: `staff:${identity.storeId}`, identity: { sub: LIVE_FETCH_SUBJECT, role: 'store_staff', storeId: identity.storeId } };
    case 'courier': {
      const courierId = courierIdOf(identity)!;
      return { key: `courier:${courierId}`, identity: { sub: courierId, role: 'courier', courierId } };
    }
    default:
      return { key: `${identity.role}:${identity.sub}:${identity.partnerId ?? ''}`, identity: { ...identity } };
  }
}

interface LiveEvent {
  id?: string;
  data: unknown;
  source?: LiveSource;
  /** Set for a resynchronisation (no event, just the current state again). */
  entityId?: string;
}

/** Subscribers of one topic selecting the same thing with the same variables, seen by the same audience. */
class Group {
  readonly members = new Set<LiveSubscription>();
  constructor(
    readonly key: string,
    readonly shape: SubscriptionShape,
    readonly fetchIdentity: Identity | null,
    readonly variables: Record<string, unknown>,
    readonly payload?: PayloadPlan,
  ) {}
}

/** A parsed local operation for payload fields, shared by every group selecting the same thing. */
interface PayloadPlan {
  key: string;
  document: DocumentNode | null;
  refs: number;
}

/** One topic (an order, a store, a courier) of one live field: its groups and its event sequence. */
class TopicHub {
  readonly groups = new Map<string, Group>();
  seq = 0;
  /** Events of the topic are processed one after another, so their results leave in order. */
  chain: Promise<void> = Promise.resolve();
  pending = 0;
  ready: Promise<unknown> = Promise.resolve();
  readonly recentIds: string[] = [];
  constructor(
    readonly key: string,
    readonly fieldName: string,
    readonly field: LiveField,
    readonly topic: string,
  ) {}
}

interface Membership {
  hub: TopicHub;
  group: Group;
}

const RECENT_IDS = 64;
/** Subscribe-time reads (access checks, current states) running at once; the rest wait their turn. */
const SUBSCRIBE_READS = 32;
const TRANSPORT_FAILURE = /ECONNRESET|socket hang up|EPIPE/;
const REFUSING = new Set<string>([ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED]);

const gqlError = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });

/**
 * Serves the live fields of the registry: one NATS subscription per subject for the whole process,
 * topics fanned out in-process to groups of subscribers, each group's result computed once per event
 * (through the gateway's own planner for entities, locally from the payload for values).
 */
export class SubscriptionEngine {
  private schema?: GraphQLSchema;
  private readonly hubs = new Map<string, TopicHub>();
  private readonly memberships = new Map<LiveSubscription, Membership>();
  private readonly plans = new Map<string, PayloadPlan>();
  private readonly routes = new Map<string, { fieldName: string; source: LiveSource }[]>();
  private readonly subjectsOf = new Map<string, string[]>();
  private readonly feeds: NatsFeeds;
  private readonly maxPending: number;
  private readonly decoder = new TextDecoder();
  private readonly counters = { events: 0, fetches: 0, coalesced: 0, overflows: 0 };
  /** Reads with the subscriber's own identity in flight: subscribers arriving together with the same identity and selection share one. */
  private readonly inFlight = new Map<string, Promise<RunResult>>();
  private readonly admission = new Limiter(SUBSCRIBE_READS);
  private closed = false;

  constructor(private readonly opts: SubscriptionEngineOptions) {
    this.maxPending = opts.maxPending ?? 1000;
    this.feeds = new NatsFeeds(opts.nats, opts.log, (subject, data) => this.onMessage(subject, data));
    for (const [fieldName, field] of Object.entries(opts.fields)) {
      const subjects = new Set<string>();
      for (const source of field.sources) {
        const subject = source.live ? opts.bus.liveSubject(source.subject) : opts.bus.subject(source.subject);
        subjects.add(subject);
        this.routes.set(subject, [...(this.routes.get(subject) ?? []), { fieldName, source }]);
      }
      this.subjectsOf.set(fieldName, [...subjects]);
    }
    void this.watchNats();
  }

  /** The gateway's API schema, at start and after every supergraph reload. */
  setSchema(schema: GraphQLSchema): void {
    const previous = this.schema;
    this.schema = schema;
    this.describeWiring(schema);
    if (previous && previous !== schema) {
      // Selections were validated and planned against the old graph: complete them cleanly, clients resubscribe.
      const live = [...this.memberships.keys()];
      if (live.length) this.opts.log.info({ subscriptions: live.length }, 'supergraph reloaded: completing live subscriptions');
      for (const subscription of live) subscription.end();
    }
  }

  get currentSchema(): GraphQLSchema | undefined {
    return this.schema;
  }

  /**
   * Prepares a subscription: the access rule; then it joins its topic (so nothing published from now on
   * is missed), and the access query and the current state are read with the subscriber's own identity.
   * Resolves with the stream (current state first), or with the errors refusing it.
   */
  async subscribe(request: {
    document: DocumentNode;
    operation: OperationDefinitionNode;
    variables: Record<string, unknown>;
    identity: Identity | null;
    connection: LiveConnection;
  }): Promise<LiveSubscription | GraphQLError[]> {
    const schema = this.schema;
    if (!schema || this.closed) return [gqlError(ErrorCode.UNAVAILABLE, 'The gateway is not serving subscriptions right now; try again')];
    const shape = analyseSubscription(schema, request.document, request.operation, request.variables);
    if (Array.isArray(shape)) return shape;
    const field = this.opts.fields[shape.fieldName];
    if (!field) {
      return [gqlError(ErrorCode.UNAVAILABLE, `Subscription.${shape.fieldName} is in the schema but the gateway does not serve it yet`)];
    }
    if (!request.identity) return [gqlError(ErrorCode.UNAUTHENTICATED, 'Sign in to subscribe: send the token in connection_init')];
    const live: LiveRequest = { args: shape.args, identity: request.identity };
    const allowed = field.allow?.(live) ?? true;
    if (allowed !== true) return [gqlError(ErrorCode.FORBIDDEN, allowed)];
    const topic = field.topic(live);
    if (topic === null || topic === undefined || topic === '') return [gqlError(ErrorCode.FORBIDDEN, `You cannot follow ${shape.fieldName}`)];

    const subscription = this.join(schema, shape, field, String(topic), request.identity, request.connection);
    const { hub } = this.memberships.get(subscription)!;
    try {
      await hub.ready;
      const refusal = await this.checkAccess(schema, field, live);
      if (refusal) {
        subscription.end();
        return [refusal];
      }
      const current = field.kind === 'entity' ? await this.currentState(schema, field, shape, live, String(topic)) : [];
      if (current instanceof GraphQLError) {
        subscription.end();
        return [current];
      }
      subscription.start(current);
      return subscription;
    } catch (error) {
      subscription.end();
      this.opts.log.error({ err: error, field: shape.fieldName }, 'subscription could not start');
      return [gqlError(ErrorCode.UNAVAILABLE, 'The subscription could not start; try again')];
    }
  }

  /** Counts for health checks and tests: everything here is zero again when every client has left. */
  stats() {
    let groups = 0;
    let pendingEvents = 0;
    for (const hub of this.hubs.values()) {
      groups += hub.groups.size;
      pendingEvents += hub.pending;
    }
    return {
      subscriptions: this.memberships.size,
      topics: this.hubs.size,
      groups,
      payloadPlans: this.plans.size,
      readsInFlight: this.inFlight.size,
      readsQueued: this.admission.queued,
      natsSubscriptions: this.feeds.size,
      natsRefs: this.feeds.refs,
      pendingEvents,
      events: this.counters.events,
      fetches: this.counters.fetches,
      coalesced: this.counters.coalesced,
      overflows: this.counters.overflows,
    };
  }

  /** Refuses new subscriptions from now on (shutdown has begun); live ones keep running until `close`. */
  stopAccepting(): void {
    this.closed = true;
  }

  /** Ends every subscription, lets updates being resolved finish, and drops every NATS subscription. */
  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.hubs.values()].map((hub) => hub.chain);
    for (const subscription of [...this.memberships.keys()]) subscription.end();
    await Promise.allSettled(running);
    this.feeds.close();
  }

  private join(schema: GraphQLSchema, shape: SubscriptionShape, field: LiveField, topic: string, identity: Identity, connection: LiveConnection): LiveSubscription {
    const hub = this.hubFor(shape.fieldName, field, topic);
    const scope = field.kind === 'entity' ? fetchScope(identity) : { key: '', identity: null };
    const variables = field.kind === 'payload' ? payloadVariables(shape) : shape.variables;
    const key = [scope.key, shape.fragments, stableStringify(variables)].join('\u0000');
    let group = hub.groups.get(key);
    if (!group) {
      group = new Group(key, shape, scope.identity, variables, field.kind === 'payload' ? this.payloadPlan(schema, shape) : undefined);
      hub.groups.set(key, group);
    }
    const subscription = new LiveSubscription(shape.responseKey, field.delivery ?? (field.kind === 'payload' ? 'latest' : 'ordered'), this.maxPending, {
      released: (s) => this.leave(s),
      overflowed: (s) => {
        this.counters.overflows += 1;
        this.opts.log.warn({ field: shape.fieldName, topic, pending: s.pending }, 'subscriber cannot keep up; closing its connection');
        connection.close(CLOSE_TOO_SLOW, 'Too slow: updates that cannot be skipped piled up; reconnect to get the current state');
      },
    });
    subscription.joinedSeq = hub.seq;
    group.members.add(subscription);
    this.memberships.set(subscription, { hub, group });
    return subscription;
  }

  private leave(subscription: LiveSubscription) {
    const membership = this.memberships.get(subscription);
    if (!membership) return;
    this.memberships.delete(subscription);
    const { hub, group } = membership;
    group.members.delete(subscription);
    if (group.members.size > 0) return;
    hub.groups.delete(group.key);
    if (group.payload && --group.payload.refs === 0) this.plans.delete(group.payload.key);
    if (hub.groups.size > 0) return;
    this.hubs.delete(hub.key);
    for (const subject of this.subjectsOf.get(hub.fieldName) ?? []) this.feeds.release(subject);
  }

  private hubFor(fieldName: string, field: LiveField, topic: string): TopicHub {
    const key = `${fieldName}\u0000${topic}`;
    let hub = this.hubs.get(key);
    if (!hub) {
      hub = new TopicHub(key, fieldName, field, topic);
      hub.ready = Promise.all((this.subjectsOf.get(fieldName) ?? []).map((subject) => this.feeds.acquire(subject)));
      this.hubs.set(key, hub);
    }
    return hub;
  }

  private payloadPlan(schema: GraphQLSchema, shape: SubscriptionShape): PayloadPlan {
    const key = `${shape.fieldName}\u0000${shape.variableDefinitions.join(',')}\u0000${shape.fragments}`;
    let plan = this.plans.get(key);
    if (!plan) {
      plan = { key, document: shape.fragments ? parse(buildPayloadOperation(schema, shape)) : null, refs: 0 };
      this.plans.set(key, plan);
    }
    plan.refs += 1;
    return plan;
  }

  private onMessage(subject: string, bytes: Uint8Array) {
    const routes = this.routes.get(subject);
    if (!routes) return;
    let message: unknown;
    try {
      message = JSON.parse(this.decoder.decode(bytes));
    } catch {
      this.opts.log.warn({ subject }, 'ignored an event that is not JSON');
      return;
    }
    for (const { fieldName, source } of routes) {
      const envelope = message as { id?: unknown; data?: unknown } | null;
      const data = source.live ? message : envelope?.data;
      const id = !source.live && typeof envelope?.id === 'string' ? envelope.id : undefined;
      let topic: string | null | undefined;
      try {
        topic = source.topic(data);
      } catch {
        continue;
      }
      if (topic === null || topic === undefined) continue;
      const hub = this.hubs.get(`${fieldName}\u0000${topic}`);
      if (hub) this.accept(hub, { id, data, source });
    }
  }

  private accept(hub: TopicHub, event: LiveEvent) {
    if (event.id) {
      // A relay re-publishing after a crash reaches core NATS subscribers twice.
      if (hub.recentIds.includes(event.id)) return;
      hub.recentIds.push(event.id);
      if (hub.recentIds.length > RECENT_IDS) hub.recentIds.shift();
    }
    this.counters.events += 1;
    const seq = ++hub.seq;
    if (hub.field.kind === 'payload') {
      this.deliverPayload(hub, hub.field, event, seq);
      return;
    }
    const field = hub.field;
    hub.pending += 1;
    hub.chain = hub.chain
      .then(() => this.deliverEntity(hub, field, event, seq))
      .catch((error: unknown) => this.opts.log.error({ err: error, topic: hub.topic, field: hub.fieldName }, 'live update failed'))
      .finally(() => {
        hub.pending -= 1;
      });
  }

  private deliverPayload(hub: TopicHub, field: PayloadLiveField, event: LiveEvent, seq: number) {
    let value: unknown;
    try {
      value = field.value(event.data);
    } catch (error) {
      this.opts.log.warn({ err: error, field: hub.fieldName }, 'ignored an event the field cannot read');
      return;
    }
    for (const group of hub.groups.values()) {
      const members = [...group.members].filter((m) => m.joinedSeq < seq);
      if (members.length === 0) continue;
      const live = this.resolvePayload(hub.fieldName, group, value);
      for (const member of members) this.push(member, live);
    }
  }

  private push(member: LiveSubscription, live: LiveValue) {
    if (member.push(live) === 'coalesced') this.counters.coalesced += 1;
  }

  private resolvePayload(fieldName: string, group: Group, value: unknown): LiveValue {
    const document = group.payload?.document;
    if (!document || !this.schema) return { value };
    const result = executeSync({ schema: this.schema, document, rootValue: { [fieldName]: value }, variableValues: group.variables });
    return {
      value: result.data?.[ROOT_ALIAS] ?? null,
      errors: result.errors?.map((e) => ({ message: e.message, path: e.path?.slice(1), extensions: e.extensions })),
    };
  }

  private async deliverEntity(hub: TopicHub, field: EntityLiveField, event: LiveEvent, seq: number) {
    const entityId = event.entityId ?? (event.source?.entityOf ?? field.entityOf)(event.data);
    if (entityId === null || entityId === undefined) return;
    const carried = event.source ? ((event.source.carries ?? field.carries)?.(event.data) ?? {}) : {};
    await Promise.all(
      [...hub.groups.values()].map(async (group) => {
        const members = [...group.members].filter((m) => m.joinedSeq < seq);
        if (members.length === 0) return;
        const needsFetch = group.shape.topFields.some((f) => f.name !== '__typename' && !(f.leaf && f.name in carried));
        let live: LiveValue | null = { value: {} };
        if (needsFetch) {
          this.counters.fetches += 1;
          live = await this.loadEntity(field, group.shape, String(entityId), group.fetchIdentity, `live:${hub.fieldName}:${event.id ?? seq}`);
        }
        if (!live) return;
        if (live.value && typeof live.value === 'object') live = { ...live, value: withCarried(group.shape, carried, live.value as Record<string, unknown>) };
        for (const member of members) if (group.members.has(member)) this.push(member, live);
      }),
    );
  }

  /** Loads one entity with the selection; null when it is not (or no longer) there. */
  private async loadEntity(field: EntityLiveField, shape: SubscriptionShape, entityId: string, identity: Identity | null, requestId: string): Promise<LiveValue | null> {
    const schema = this.schema!;
    const call = this.callSpec(schema, field.load, field.load.args?.(entityId) ?? {}, field.keyField);
    let result: RunResult;
    try {
      result = await this.runRead({ ...buildRootOperation(schema, shape, call), identity, requestId });
    } catch (error) {
      // During shutdown the server stops under a fetch still running; that is expected.
      if (this.closed) this.opts.log.debug({ err: error, requestId }, 'live fetch ended by shutdown');
      else this.opts.log.error({ err: error, requestId }, 'live fetch failed');
      return { value: null, errors: [{ message: 'The update could not be resolved', extensions: { code: ErrorCode.UNAVAILABLE } }] };
    }
    const entities = entitiesOf(result, call);
    const found = call.keyField ? entities.find((e) => e.key === entityId) : entities[0];
    if (found) return found.live;
    const stray = strayErrors(result, entities);
    return stray.length ? { value: null, errors: stray } : null;
  }

  /** The access query, with the subscriber's own identity. */
  private async checkAccess(schema: GraphQLSchema, field: LiveField, live: LiveRequest): Promise<GraphQLError | null> {
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
  private async currentState(schema: GraphQLSchema, field: EntityLiveField, shape: SubscriptionShape, live: LiveRequest, topic: string): Promise<LiveValue[] | GraphQLError> {
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
    const result = await this.opts.run(request);
    const transport = !result.data?.[ROOT_ALIAS] && result.errors?.some((e) => TRANSPORT_FAILURE.test(e.message));
    return transport ? this.opts.run(request) : result;
  }

  private callSpec(schema: GraphQLSchema, call: RootCall<never>, args: Record<string, unknown>, keyField?: string): RootCallSpec {
    const queryField = schema.getQueryType()?.getFields()[call.field];
    if (!queryField) throw new Error(`the live field needs Query.${call.field}, which the schema does not have`);
    return { field: call.field, args, path: call.path, keyField: answersList(queryField.type, call.path ?? []) ? (keyField ?? 'id') : undefined };
  }

  /** Warns about Subscription fields the registry does not serve and entries the schema lacks. */
  private describeWiring(schema: GraphQLSchema) {
    const declared = Object.keys(schema.getSubscriptionType()?.getFields() ?? {});
    const unserved = declared.filter((name) => !this.opts.fields[name]);
    const undeclared = Object.keys(this.opts.fields).filter((name) => !declared.includes(name));
    if (unserved.length) this.opts.log.warn({ fields: unserved }, 'Subscription fields without a live-field entry are refused');
    if (undeclared.length) this.opts.log.debug({ fields: undeclared }, 'live fields not (yet) in the schema');
    const queries = schema.getQueryType()?.getFields() ?? {};
    for (const name of declared) {
      const field = this.opts.fields[name];
      if (!field) continue;
      const calls = [field.check, ...(field.kind === 'entity' ? [field.load, field.current === 'topic' ? undefined : field.current] : [])];
      const missing = calls.filter((call) => call && !queries[call.field]).map((call) => call!.field);
      if (missing.length) this.opts.log.error({ field: name, missing }, 'a live field needs Query fields the schema does not have; its subscriptions will fail');
    }
  }

  /** Core NATS does not replay what was published while we were disconnected: re-send the current state. */
  private async watchNats() {
    for await (const status of this.opts.nats.status()) {
      if (status.type !== 'reconnect' || this.closed) continue;
      for (const hub of this.hubs.values()) {
        if (hub.field.kind === 'entity' && hub.field.current === 'topic') this.accept(hub, { data: null, entityId: hub.topic });
      }
    }
  }
}

/** Runs at most `limit` tasks at a time, the others in arrival order. */
class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running += 1;
    // A finishing task hands its slot straight to the next in line.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  get queued(): number {
    return this.waiting.length;
  }
}

/** Whether a field's answer, walked along `path`, is a list of entities. */
function answersList(type: GraphQLOutputType, path: readonly string[]): boolean {
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

interface FoundEntity {
  key?: unknown;
  prefix: readonly (string | number)[];
  live: LiveValue;
}

/** The entities in a root call's answer, each with the errors under it (paths made relative). */
function entitiesOf(result: RunResult, call: RootCallSpec): FoundEntity[] {
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
function strayErrors(result: RunResult, entities: FoundEntity[]): RelativeError[] {
  return (result.errors ?? [])
    .filter((e) => !entities.some((entity) => e.path && entity.prefix.every((segment, i) => e.path![i] === segment)))
    .map((e) => ({ message: e.message, extensions: e.extensions }));
}

/** A FORBIDDEN or UNAUTHENTICATED anywhere in an answer read with the subscriber's identity. */
function refusalIn(result: RunResult): GraphQLError | null {
  const refusal = result.errors?.find((e) => REFUSING.has(String(e.extensions?.code)));
  if (!refusal) return null;
  return gqlError(String(refusal.extensions!.code), refusal.message);
}

/** The selection's top-level values, with the ones the event carries taken from the event. */
function withCarried(shape: SubscriptionShape, carried: Record<string, unknown>, fetched: Record<string, unknown>): Record<string, unknown> {
  if (shape.topFields.length === 0) return fetched;
  const out: Record<string, unknown> = {};
  for (const field of shape.topFields) {
    if (field.leaf && field.name in carried) out[field.responseKey] = carried[field.name];
    else if (field.name === '__typename') out[field.responseKey] = fetched[field.responseKey] ?? shape.returnType.name;
    else out[field.responseKey] = fetched[field.responseKey];
  }
  return out;
}
