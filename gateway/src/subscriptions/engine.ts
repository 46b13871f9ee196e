import { GraphQLError, executeSync, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { carrierOf, contractOf, ErrorCode, SUBJECT_TOKENS, eventsOfMessage, inSpan, type EventBus, type MsgHdrs, type Identity, type Logger, type NatsConnection, type TraceCarrier } from '@qc/shared';
import { gqlError, withCarried, type RunOperation } from './answers';
import { LiveSubscription, type LiveValue } from './delivery';
import { NatsFeeds } from './feeds';
import type { EntityLiveField, LiveField, LiveFields, LiveRequest, LiveSource, PayloadLiveField } from './registry';
import { LiveReads } from './reads';
import { fetchScope } from './scope';
import {
  analyseSubscription,
  buildPayloadOperation,
  payloadVariables,
  ROOT_ALIAS,
  stableStringify,
  type SubscriptionShape,
} from './selection';
import { Group, TopicHub, type LiveEvent, type Membership, type PayloadPlan } from './topics';

export type { RunOperation, RunRequest, RunResult } from './answers';
export { fetchScope, LIVE_FETCH_SUBJECT } from './scope';


/** A live field fed by a NATS subject, and how it reads the subject's events. */
interface Route {
  fieldName: string;
  source: LiveSource;
}
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

const RECENT_IDS = 64;

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
  private readonly routes = new Map<string, Route[]>();
  private readonly subjectsOf = new Map<string, string[]>();
  private readonly feeds: NatsFeeds;
  private readonly maxPending: number;
  private readonly counters = { events: 0, fetches: 0, coalesced: 0, overflows: 0 };
  private readonly reads: LiveReads;
  private closed = false;

  constructor(private readonly opts: SubscriptionEngineOptions) {
    this.maxPending = opts.maxPending ?? 1000;
    this.reads = new LiveReads(opts.run, opts.log, () => this.closed);
    this.feeds = new NatsFeeds(opts.nats, opts.log, (subject, data, headers) => this.onMessage(subject, data, headers));
    for (const [fieldName, field] of Object.entries(opts.fields)) {
      const subjects = new Set<string>();
      for (const source of field.sources) {
        const subject = contractOf(source.subject).live ? opts.bus.liveSubject(source.subject) : opts.bus.subject(source.subject);
        // A subject of SUBJECT_TOKENS goes out as `<subject>.<token>` (and, from a publisher before tokens,
        // as `<subject>`): a live field follows both.
        for (const each of SUBJECT_TOKENS[source.subject] ? [subject, `${subject}.*`] : [subject]) {
          subjects.add(each);
          this.routes.set(each, [...(this.routes.get(each) ?? []), { fieldName, source }]);
        }
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
      const refusal = await this.reads.checkAccess(schema, field, live);
      if (refusal) {
        subscription.end();
        return [refusal];
      }
      const current = field.kind === 'entity' ? await this.reads.currentState(schema, field, shape, live, String(topic)) : [];
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
      readsInFlight: this.reads.inFlight.size,
      readsQueued: this.reads.admission.queued,
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

  private onMessage(subject: string, bytes: Uint8Array, headers?: MsgHdrs) {
    const routes = this.routes.get(subject);
    if (!routes) return;
    // The outbox relay sends the events one change wrote of one subject as one message, and live events
    // within their spacing go together, a pack (see PACK_HEADER): each is taken in its order as if it had come alone.
    const events = eventsOfMessage({ data: bytes, headers });
    if (!events) {
      this.opts.log.warn({ subject }, 'ignored an event that is not JSON');
      return;
    }
    // Every route of one NATS subject reads the same event subject, so each event is parsed once, with
    // its publisher's contract; what breaks it reaches no subscriber.
    const contract = contractOf(routes[0]!.source.subject);
    const trace = carrierOf(headers);
    for (const event of events) this.route(subject, routes, contract, trace, event);
  }

  private route(subject: string, routes: readonly Route[], contract: ReturnType<typeof contractOf>, trace: TraceCarrier | null, message: unknown) {
    const envelope = message as { id?: unknown; data?: unknown } | null;
    const parsed = contract.schema.safeParse(contract.live ? message : envelope?.data);
    if (!parsed.success) {
      this.opts.log.warn({ subject, issues: parsed.error.issues }, 'ignored an event that breaks its contract');
      return;
    }
    const data = parsed.data;
    const id = !contract.live && typeof envelope?.id === 'string' ? envelope.id : undefined;
    for (const { fieldName, source } of routes) {
      let topic: string | null | undefined;
      try {
        topic = source.topic(data);
      } catch {
        continue;
      }
      if (topic === null || topic === undefined) continue;
      const hub = this.hubs.get(`${fieldName}\u0000${topic}`);
      if (hub) this.accept(hub, { id, data, source, trace });
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
      const field = hub.field;
      this.traced(hub, event, () => this.deliverPayload(hub, field, event, seq));
      return;
    }
    const field = hub.field;
    hub.pending += 1;
    hub.chain = hub.chain
      .then(() => this.traced(hub, event, () => this.deliverEntity(hub, field, event, seq)))
      .catch((error: unknown) => this.opts.log.error({ err: error, topic: hub.topic, field: hub.fieldName }, 'live update failed'))
      .finally(() => {
        hub.pending -= 1;
      });
  }

  /**
   * Runs a delivery in the trace and request of the event that caused it, as a `push <field>` span
   * (its entity fetches are its children); an event that carries no trace is delivered as it is.
   */
  private traced<T>(hub: TopicHub, event: LiveEvent, deliver: () => T): T {
    if (!event.trace) return deliver();
    let subscribers = 0;
    for (const group of hub.groups.values()) subscribers += group.members.size;
    const attributes = { 'graphql.subscription.field': hub.fieldName, 'qc.subscribers': subscribers, ...(event.id ? { 'messaging.message.id': event.id } : {}) };
    return inSpan(`push ${hub.fieldName}`, 'producer', attributes, event.trace, deliver);
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
    const entityId = event.entityId ?? event.source?.entityOf?.(event.data);
    if (entityId === null || entityId === undefined) return;
    const carried = event.source?.carries?.(event.data) ?? {};
    await Promise.all(
      [...hub.groups.values()].map(async (group) => {
        const members = [...group.members].filter((m) => m.joinedSeq < seq);
        if (members.length === 0) return;
        const needsFetch = group.shape.topFields.some((f) => f.name !== '__typename' && !(f.leaf && f.name in carried));
        let live: LiveValue | null = { value: {} };
        if (needsFetch) {
          this.counters.fetches += 1;
          live = await this.reads.loadEntity(this.schema!, field, group.shape, String(entityId), group.fetchIdentity, `live:${hub.fieldName}:${event.id ?? seq}`);
        }
        if (!live) return;
        if (live.value && typeof live.value === 'object') live = { ...live, value: withCarried(group.shape, carried, live.value as Record<string, unknown>) };
        for (const member of members) if (group.members.has(member)) this.push(member, live);
      }),
    );
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

