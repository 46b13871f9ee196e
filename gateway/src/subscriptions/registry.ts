import { courierIdOf, SUBJECTS, type EventPayload, type Identity, type Subject } from '@qc/shared';

/** A subscription's arguments, as the client sent them (validated by GraphQL against the field's arguments). */
type Args = Record<string, unknown>;

/**
 * What a source reads of its events, typed by the subject's contract in shared's event catalogue (the
 * engine parses every payload with that contract before a source sees it). Whether the subject is
 * live (core NATS, the payload as it is) or durable (an envelope whose `data` is the payload) is the
 * contract's to say.
 */
export interface SourceSpec<S extends Subject> {
  /** The topic the event is about (an order id, a store id …); events without one are ignored. */
  topic(data: EventPayload<S>): string | null | undefined;
  /** With an entity field: the id of the entity the event is about. */
  entityOf?(data: EventPayload<S>): string | null | undefined;
  /**
   * With an entity field: fields the event carries, by field name (e.g. the status it implies). They
   * override the fetched values (so every status reaches the client even when the entity moved on
   * before the fetch), and when the selection has nothing else, nothing is fetched at all.
   */
  carries?(data: EventPayload<S>): Record<string, unknown>;
}

/** A stream of events feeding a live field, as the engine reads it; made with {@link source}. */
export interface LiveSource {
  subject: Subject;
  topic(data: unknown): string | null | undefined;
  entityOf?(data: unknown): string | null | undefined;
  carries?(data: unknown): Record<string, unknown>;
}

/** A source of `subject` whose callbacks read that subject's payload type. */
export const source = <S extends Subject>(subject: S, spec: SourceSpec<S>): LiveSource => ({ subject, ...spec }) as LiveSource;

/** A root `Query` field the gateway calls through its own planner, e.g. `order(id: …)`. */
export interface RootCall<I> {
  field: string;
  /** Its arguments; omitted: none. */
  args?(input: I): Record<string, unknown>;
  /** Where the entities are inside its answer, e.g. `['edges', 'node']`; lists are walked. */
  path?: readonly string[];
}

/** What a subscription is, for the rules below: its arguments and who asked. */
export interface LiveRequest {
  args: Args;
  identity: Identity;
}

interface LiveFieldBase {
  /** The events that change the field's result. */
  sources: readonly LiveSource[];
  /** The topic a subscription follows (which order, store, courier); null refuses it. */
  topic(request: LiveRequest): string | null | undefined;
  /** A rule on the subscriber alone, checked first: true, or why not (FORBIDDEN). */
  allow?(request: LiveRequest): true | string;
  /**
   * An access query run with the subscriber's OWN identity, like the query they could send
   * themselves: FORBIDDEN or UNAUTHENTICATED refuses, a null answer is NOT_FOUND.
   */
  check?: RootCall<LiveRequest>;
  /**
   * `ordered`: every result reaches the subscriber, in order (status changes). `latest`: a subscriber
   * that cannot keep up gets only the newest pending result (positions).
   */
  delivery?: 'ordered' | 'latest';
}

/**
 * The result is an entity (Order, PickTask …): each event names one, and the subscriber's selection
 * is resolved through the gateway's own query planning, once per event per distinct selection.
 */
export interface EntityLiveField extends LiveFieldBase {
  kind: 'entity';
  /** Loads the entity an event is about (each source's `entityOf`); `args` receives the entity id (default `{ id }`). */
  load: RootCall<string>;
  /** With a list in `load`'s answer: the field matched against the entity id (default `id`). */
  keyField?: string;
  /**
   * The current state, sent first and read with the subscriber's own identity (so it is also the
   * field-level access check): `topic` loads the topic's entity; a root call may answer a list,
   * each entity becoming one result. Omitted: nothing is sent until the first event.
   */
  current?: 'topic' | RootCall<LiveRequest>;
}

/** The result is carried whole by the event (a position): resolved from the payload, never fetched. */
export interface PayloadLiveField extends LiveFieldBase {
  kind: 'payload';
  /** The field's value for an event (its source's payload type); the subscriber's selection is resolved on it. */
  value(data: unknown): unknown;
}

export type LiveField = EntityLiveField | PayloadLiveField;

/** Subscription root field name → how the gateway serves it. */
export type LiveFields = Readonly<Record<string, LiveField>>;

type TaskSubject =
  | typeof SUBJECTS.fulfillmentTaskCreated
  | typeof SUBJECTS.fulfillmentPickingStarted
  | typeof SUBJECTS.fulfillmentItemMissing
  | typeof SUBJECTS.fulfillmentPacked;

const taskSource = (subject: TaskSubject, status?: string): LiveSource =>
  source<TaskSubject>(subject, {
    topic: (d) => d.storeId,
    entityOf: (d) => d.taskId,
    carries: (d) => (status ? { id: d.taskId, status } : { id: d.taskId }),
  });

type Position = EventPayload<typeof SUBJECTS.trackingPosition>;

/** The one topic of the city-wide feeds: every event is about the city. */
const CITY = 'city';
const adminsOnly =
  (what: string) =>
  ({ identity }: LiveRequest): true | string =>
    identity.role === 'admin' || `Only admins can follow ${what}`;

/** An `ID!` argument of the subscription (GraphQL has checked it is there). */
const idArg = (args: Args, name: string): string | null => (typeof args[name] === 'string' ? args[name] : null);

/**
 * The platform's live fields. Each Subscription field the subgraphs declare needs an entry here; the
 * subgraph that owns the events declares the field in its schema (see gateway/README.md).
 */
export const LIVE_FIELDS: LiveFields = {
  /** Every status change of one order: its customer, its store's staff, admins (as orders decides). */
  orderUpdated: {
    kind: 'entity',
    sources: [
      source(SUBJECTS.ordersStatusChanged, {
        topic: (d) => d.orderId,
        entityOf: (d) => d.orderId,
        carries: (d) => ({ id: d.orderId, status: d.to }),
      }),
    ],
    topic: ({ args }) => idArg(args, 'orderId'),
    load: { field: 'order', args: (id) => ({ id }) },
    current: 'topic',
  },

  /** Each kept position of the order's courier, with the ETA; whoever may see the order. */
  courierPosition: {
    kind: 'payload',
    delivery: 'latest',
    sources: [source(SUBJECTS.trackingPosition, { topic: (d) => d.orderId })],
    topic: ({ args }) => idArg(args, 'orderId'),
    check: { field: 'order', args: ({ args }) => ({ id: args.orderId }) },
    value: (d: Position) => ({
      ...d,
      eta: d.eta ? { computedAt: d.recordedAt, ...d.eta } : null,
    }),
  },

  /** New and changed pick tasks of one store: its staff and admins. */
  storeQueueUpdated: {
    kind: 'entity',
    sources: [
      taskSource(SUBJECTS.fulfillmentTaskCreated, 'QUEUED'),
      taskSource(SUBJECTS.fulfillmentPickingStarted, 'PICKING'),
      taskSource(SUBJECTS.fulfillmentItemMissing),
      taskSource(SUBJECTS.fulfillmentPacked, 'PACKED'),
    ],
    topic: ({ args }) => idArg(args, 'storeId'),
    allow: ({ args, identity }) =>
      identity.role === 'admin' || (identity.role === 'store_staff' && identity.storeId === args.storeId) || "Only the store's staff and admins can follow its queue",
    load: { field: 'pickTask', args: (id) => ({ id }) },
    current: { field: 'storeQueue', args: ({ args }) => ({ storeId: args.storeId }), path: ['edges', 'node'] },
  },

  /**
   * The admins' city feed of couriers: every online courier first, then a courier on each status change
   * (the status is carried, so every change arrives even when the courier moved on) and kept position.
   */
  cityCouriers: {
    kind: 'entity',
    sources: [
      source(SUBJECTS.deliveryCourierStatusChanged, {
        topic: () => CITY,
        entityOf: (d) => d.courierId,
        carries: (d) => ({ id: d.courierId, status: d.to }),
      }),
      source(SUBJECTS.trackingPosition, { topic: () => CITY, entityOf: (d) => d.courierId, carries: (d) => ({ id: d.courierId }) }),
    ],
    topic: () => CITY,
    allow: adminsOnly("the city's couriers"),
    load: { field: 'courier', args: (id) => ({ id }) },
    current: { field: 'couriers' },
  },

  /** Every store's count of open pick tasks, as fulfillment reports it: admins. */
  storeLoadUpdated: {
    kind: 'entity',
    sources: [
      source(SUBJECTS.fulfillmentStoreLoad, {
        topic: () => CITY,
        entityOf: (d) => d.storeId,
        carries: (d) => ({ id: d.storeId, openTaskCount: d.openTasks }),
      }),
    ],
    topic: () => CITY,
    allow: adminsOnly("every store's load"),
    load: { field: 'store', args: (id) => ({ id }) },
    current: { field: 'stores' },
  },

  /** Offers made to the subscribed courier. */
  deliveryOffers: {
    kind: 'entity',
    sources: [
      source(SUBJECTS.deliveryOffered, {
        topic: (d) => d.courierId,
        entityOf: (d) => d.offerId,
        carries: (d) => ({ id: d.offerId, attempt: d.attempt, expiresAt: d.expiresAt }),
      }),
    ],
    topic: ({ identity }) => courierIdOf(identity),
    allow: ({ identity }) => identity.role === 'courier' || 'Only couriers receive delivery offers',
    // No offer-by-id query exists: the courier's pending offers, picked by id.
    load: { field: 'myOffers' },
    current: { field: 'myOffers' },
  },
};
