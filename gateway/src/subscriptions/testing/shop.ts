/**
 * A small live shop for subscription tests and the benchmark: five real subgraphs (orders, catalog,
 * delivery, fulfillment, tracking) shaped like the platform's, with in-memory data, access rules like
 * the real ones, events published on NATS like the real ones, and a count of every call they get.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { anyone, createLogger, createSubgraphServer, forbidden, newId, sameRule, type SubgraphPolicy, SUBJECTS, unauthenticated, type DurableSubject, type EventPayload, type Identity, type SubgraphDeps, type SubgraphName, type SubgraphServer } from '@qc/shared';
import { listenOnFreePort, TEST_HMAC_SECRET, TEST_NATS_URL } from '@qc/shared/testing';
import { signDevToken, type DevTokenOptions } from '../../auth';
import { gatewayConfig } from '../../config';
import { buildGateway, type GatewayOptions, type GatewayServer } from '../../server';

export const SHOP_JWT_SECRET = 'shop-jwt-secret-'.padEnd(40, 'x');

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';

const SDL: Partial<Record<SubgraphName, string>> = {
  orders: /* GraphQL */ `${LINK}
    enum OrderStatus { PENDING CONFIRMED ASSIGNED_TO_STORE PICKING PACKED ASSIGNED_TO_COURIER PICKED_UP IN_TRANSIT DELIVERED CANCELLED }
    type Order @key(fields: "id") { id: ID! status: OrderStatus! items: [OrderItem!]! customer: Customer! store: Store updatedAt: String! }
    type Customer { id: ID! email: String! }
    type OrderItem { quantity: Int! product: Product! }
    type Product @key(fields: "id", resolvable: false) { id: ID! }
    type Store @key(fields: "id", resolvable: false) { id: ID! }
    type Query { order(id: ID!): Order }
    type Mutation { advanceOrder(id: ID!, to: OrderStatus!): Order! }
    type Subscription { orderUpdated(orderId: ID!): Order! }
  `,
  catalog: /* GraphQL */ `${LINK}
    type Product @key(fields: "id") { id: ID! name: String! }
    type Query { product(id: ID!): Product }
  `,
  delivery: /* GraphQL */ `${LINK}
    enum OfferStatus { PENDING ACCEPTED DECLINED EXPIRED }
    type Order @key(fields: "id") { id: ID! delivery: Delivery }
    type Delivery { status: String! courier: Courier }
    type Courier @key(fields: "id") { id: ID! name: String! rating: Float! phone: String! }
    type DeliveryOffer { id: ID! order: Order! attempt: Int! status: OfferStatus! expiresAt: String! }
    type Query { myOffers: [DeliveryOffer!]! }
    type Mutation { assignCourier(orderId: ID!, courierId: ID!): Delivery! offerDelivery(orderId: ID!, courierId: ID!): DeliveryOffer! }
    type Subscription { deliveryOffers: DeliveryOffer! }
  `,
  fulfillment: /* GraphQL */ `${LINK}
    enum PickTaskStatus { QUEUED PICKING PACKED CANCELLED }
    type PickTask @key(fields: "id") { id: ID! status: PickTaskStatus! order: Order! store: Store! }
    type PickTaskConnection { edges: [PickTaskEdge!]! }
    type PickTaskEdge { node: PickTask! }
    type Order @key(fields: "id", resolvable: false) { id: ID! }
    type Store @key(fields: "id", resolvable: false) { id: ID! }
    type Query { pickTask(id: ID!): PickTask storeQueue(storeId: ID!): PickTaskConnection! }
    type Mutation { queueTask(orderId: ID!, storeId: ID!): PickTask! startPicking(taskId: ID!): PickTask! }
    type Subscription { storeQueueUpdated(storeId: ID!): PickTask! }
  `,
  tracking: /* GraphQL */ `${LINK}
    type Eta { estimatedArrivalAt: String! minutesRemaining: Int! computedAt: String! }
    type CourierPosition { lat: Float! lng: Float! heading: Float speed: Float recordedAt: String! eta: Eta }
    type Query { courierPosition(courierId: ID!): CourierPosition }
    type Subscription { courierPosition(orderId: ID!): CourierPosition! }
  `,
};

export interface ShopOrder {
  id: string;
  customerId: string;
  storeId: string;
  status: string;
  items: { productId: string; quantity: number }[];
  courierId: string | null;
}

export interface ShopTask {
  id: string;
  orderId: string;
  storeId: string;
  status: string;
}

export interface ShopOffer {
  id: string;
  orderId: string;
  courierId: string;
  attempt: number;
  status: string;
  expiresAt: string;
}

interface Ctx {
  identity: Identity | null;
}

const requireIdentity = (ctx: Ctx): Identity => {
  if (!ctx.identity) throw unauthenticated();
  return ctx.identity;
};

/** As orders decides: the customer, their store's staff, admins. */
const canSeeOrder = (identity: Identity, order: ShopOrder) =>
  identity.role === 'admin' ||
  (identity.role === 'customer' && identity.sub === order.customerId) ||
  (identity.role === 'store_staff' && identity.storeId === order.storeId);

const courierOf = (identity: Identity) => (identity.role === 'courier' ? (identity.courierId ?? identity.sub) : null);

export interface Shop {
  prefix: string;
  orders: Map<string, ShopOrder>;
  tasks: Map<string, ShopTask>;
  offers: Map<string, ShopOffer>;
  products: Map<string, string>;
  /** Every request each subgraph served, with the identity it was signed for. */
  calls: Record<string, Identity[]>;
  resetCalls(): void;
  subgraphUrls: Record<string, string>;
  supergraphPath: string;
  /** Recomposes the supergraph file with extra SDL appended to some subgraphs (a schema change). */
  recompose(extra: Partial<Record<SubgraphName, string>>): void;
  /** Gateway environment pointing at the shop. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  startGateway(extra?: NodeJS.ProcessEnv, opts?: GatewayOptions): Promise<RunningGateway>;
  token(identity: DevTokenOptions): Promise<string>;
  /** Publishes like the owning subgraph would: durable events through JetStream, positions live. */
  publish<S extends DurableSubject>(subject: S, data: EventPayload<S>): Promise<void>;
  publishPosition(data: EventPayload<typeof SUBJECTS.trackingPosition>): void;
  stop(): Promise<void>;
}

export interface RunningGateway {
  server: GatewayServer;
  url: string;
  wsUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the shop's subgraphs on free ports and composes their supergraph into a temporary file.
 * `deps` supplies NATS (and the events prefix) for the events the shop publishes.
 */
export async function startShop(deps: SubgraphDeps): Promise<Shop> {
  const orders = new Map<string, ShopOrder>();
  const tasks = new Map<string, ShopTask>();
  const offers = new Map<string, ShopOffer>();
  const products = new Map([
    ['prd_banana', 'Bananas'],
    ['prd_apple', 'Apples'],
  ]);
  const couriers = new Map([['cou_kim', { id: 'cou_kim', name: 'Kim', rating: 4.8, phone: '+49 30 1234' }]]);
  const calls: Record<string, Identity[]> = {};

  const publish = async <S extends DurableSubject>(subject: S, data: EventPayload<S>) => {
    await deps.events.publish({ id: randomUUID(), subject, occurredAt: new Date().toISOString(), data });
  };

  const orderOrThrow = (id: string) => {
    const order = orders.get(id);
    if (!order) throw forbidden(`No order ${id}`);
    return order;
  };

  const resolvers: Record<string, Record<string, unknown>> = {
    orders: {
      Query: {
        order: (_: unknown, { id }: { id: string }, ctx: Ctx) => {
          const identity = requireIdentity(ctx);
          const order = orders.get(id);
          if (!order) return null;
          if (!canSeeOrder(identity, order)) throw forbidden(`You may not see order ${id}`);
          return order;
        },
      },
      Mutation: {
        advanceOrder: async (_: unknown, { id, to }: { id: string; to: string }, ctx: Ctx) => {
          const identity = requireIdentity(ctx);
          if (identity.role !== 'admin') throw forbidden('Admins only');
          const order = orderOrThrow(id);
          const from = order.status;
          order.status = to;
          await publish(SUBJECTS.ordersStatusChanged, { orderId: id, customerId: order.customerId, storeId: order.storeId, from, to, actor: identity.sub, reason: null, at: new Date().toISOString() });
          return order;
        },
      },
      Order: {
        __resolveReference: (ref: { id: string }) => orders.get(ref.id) ?? null,
        items: (order: ShopOrder) => order.items.map((i) => ({ quantity: i.quantity, product: { id: i.productId } })),
        customer: (order: ShopOrder) => ({ id: order.customerId, email: `${order.customerId}@example.com` }),
        store: (order: ShopOrder) => ({ id: order.storeId }),
        updatedAt: () => new Date().toISOString(),
      },
    },
    catalog: {
      Query: { product: (_: unknown, { id }: { id: string }) => (products.has(id) ? { id } : null) },
      Product: {
        __resolveReference: (ref: { id: string }) => (products.has(ref.id) ? { id: ref.id } : null),
        name: (p: { id: string }) => products.get(p.id),
      },
    },
    delivery: {
      Query: {
        myOffers: (_: unknown, __: unknown, ctx: Ctx) => {
          const courierId = courierOf(requireIdentity(ctx));
          if (!courierId) throw forbidden('Couriers only');
          return [...offers.values()].filter((o) => o.courierId === courierId && o.status === 'PENDING');
        },
      },
      Mutation: {
        assignCourier: async (_: unknown, { orderId, courierId }: { orderId: string; courierId: string }) => {
          orderOrThrow(orderId).courierId = courierId;
          return { status: 'ASSIGNED', courierId };
        },
        offerDelivery: async (_: unknown, { orderId, courierId }: { orderId: string; courierId: string }) => {
          const offer: ShopOffer = { id: newId('ofr'), orderId, courierId, attempt: 1, status: 'PENDING', expiresAt: new Date(Date.now() + 60_000).toISOString() };
          offers.set(offer.id, offer);
          const order = orderOrThrow(orderId);
          await publish(SUBJECTS.deliveryOffered, { orderId, deliveryId: `dlv_${orderId}`, offerId: offer.id, courierId, storeId: order.storeId, attempt: 1, expiresAt: offer.expiresAt, at: new Date().toISOString() });
          return offer;
        },
      },
      Order: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        delivery: (ref: { id: string }) => {
          const order = orders.get(ref.id);
          return order?.courierId ? { status: 'ASSIGNED', courierId: order.courierId } : null;
        },
      },
      Delivery: { courier: (d: { courierId: string }) => couriers.get(d.courierId) ?? null },
      Courier: {
        __resolveReference: (ref: { id: string }) => couriers.get(ref.id) ?? null,
        // Private: the courier themselves and admins, like the real courier profile.
        phone: (c: { id: string; phone: string }, _: unknown, ctx: Ctx) => {
          const identity = requireIdentity(ctx);
          if (identity.role !== 'admin' && courierOf(identity) !== c.id) throw forbidden("Only the courier and admins see a courier's phone");
          return c.phone;
        },
      },
      DeliveryOffer: { order: (o: ShopOffer) => ({ id: o.orderId }) },
    },
    fulfillment: {
      Query: {
        pickTask: (_: unknown, { id }: { id: string }, ctx: Ctx) => {
          const task = tasks.get(id);
          if (!task) return null;
          assertStoreWork(requireIdentity(ctx), task.storeId);
          return task;
        },
        storeQueue: (_: unknown, { storeId }: { storeId: string }, ctx: Ctx) => {
          assertStoreWork(requireIdentity(ctx), storeId);
          return { edges: [...tasks.values()].filter((t) => t.storeId === storeId && t.status !== 'PACKED').map((node) => ({ node })) };
        },
      },
      Mutation: {
        queueTask: async (_: unknown, { orderId, storeId }: { orderId: string; storeId: string }) => {
          const task: ShopTask = { id: newId('pck'), orderId, storeId, status: 'QUEUED' };
          tasks.set(task.id, task);
          await publish(SUBJECTS.fulfillmentTaskCreated, { orderId, taskId: task.id, storeId, items: [], promisedReadyAt: new Date().toISOString(), createdAt: new Date().toISOString() });
          return task;
        },
        startPicking: async (_: unknown, { taskId }: { taskId: string }, ctx: Ctx) => {
          const task = tasks.get(taskId)!;
          task.status = 'PICKING';
          await publish(SUBJECTS.fulfillmentPickingStarted, { orderId: task.orderId, taskId, storeId: task.storeId, actor: requireIdentity(ctx).sub, startedAt: new Date().toISOString() });
          return task;
        },
      },
      PickTask: {
        __resolveReference: (ref: { id: string }) => tasks.get(ref.id) ?? null,
        order: (t: ShopTask) => ({ id: t.orderId }),
        store: (t: ShopTask) => ({ id: t.storeId }),
      },
    },
    tracking: {
      Query: { courierPosition: () => null },
    },
  };

  function assertStoreWork(identity: Identity, storeId: string) {
    if (identity.role === 'admin' || (identity.role === 'store_staff' && identity.storeId === storeId)) return;
    throw forbidden("Only the store's staff and admins can see its pick tasks");
  }

  /** The shop's resolvers check access themselves (like the subgraphs before policies): every field is open here. */
  const openPolicy = (sdl: string): SubgraphPolicy =>
    Object.fromEntries(
      parse(sdl)
        .definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION)
        .map((d) => [d.name.value, { object: anyone, fields: sameRule(anyone, (d.fields ?? []).map((f) => f.name.value)) }]),
    );

  const servers: SubgraphServer[] = [];
  const subgraphUrls: Record<string, string> = {};
  const quiet = { ...deps, log: createLogger('shop', process.env.TEST_LOG_LEVEL ?? 'silent') };
  for (const [name, sdl] of Object.entries(SDL)) {
    calls[name] = [];
    const server = await createSubgraphServer<Ctx>({
      name: name as SubgraphName,
      typeDefs: parse(sdl),
      resolvers: resolvers[name] as never,
      policy: openPolicy(sdl),
      deps: quiet,
      hmacSecret: TEST_HMAC_SECRET,
      context: ({ identity }) => {
        calls[name]!.push(identity as Identity);
        return { identity };
      },
    });
    servers.push(server);
    subgraphUrls[name] = await listenOnFreePort(server);
  }

  const supergraphPath = join(mkdtempSync(join(tmpdir(), 'shop-supergraph-')), 'supergraph.graphql');
  const recompose = (extra: Partial<Record<SubgraphName, string>> = {}) => {
    const composed = composeServices(
      Object.entries(SDL).map(([name, sdl]) => ({ name, url: subgraphUrls[name]!, typeDefs: parse(sdl + (extra[name as SubgraphName] ?? '')) })),
    );
    if (composed.errors) throw composed.errors[0];
    writeFileSync(supergraphPath, composed.supergraphSdl);
  };
  recompose();

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    NODE_ENV: 'test',
    JWT_SECRET: SHOP_JWT_SECRET,
    GATEWAY_HMAC_SECRET: TEST_HMAC_SECRET,
    SUPERGRAPH_PATH: supergraphPath,
    NATS_URL: TEST_NATS_URL,
    EVENTS_PREFIX: deps.events.prefix,
    // The engine's tests subscribe thousands of times as one customer; rate limits are the edge's tests' job.
    RATE_LIMIT_USER: '1000000',
    ...Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])),
    ...extra,
  });

  return {
    prefix: deps.events.prefix,
    orders,
    tasks,
    offers,
    products,
    calls,
    resetCalls: () => {
      for (const name of Object.keys(calls)) calls[name] = [];
    },
    subgraphUrls,
    supergraphPath,
    recompose,
    env,
    startGateway: async (extra = {}, opts = {}) => {
      const gatewayEnv = env(extra);
      const server = await buildGateway(gatewayConfig(gatewayEnv), createLogger('shop-gateway', process.env.TEST_LOG_LEVEL ?? 'silent'), gatewayEnv, opts);
      const port = await server.listen(0, '127.0.0.1');
      return { server, url: `http://127.0.0.1:${port}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql`, stop: () => server.stop() };
    },
    token: (identity) => signDevToken(SHOP_JWT_SECRET, identity),
    publish,
    publishPosition: (data) => deps.events.publishLive(SUBJECTS.trackingPosition, data),
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

/** Adds an order to the shop (a customer's, in a store, CONFIRMED unless told otherwise). */
export function addOrder(shop: Shop, order: Partial<ShopOrder> & { id: string; customerId: string }): ShopOrder {
  const full: ShopOrder = {
    storeId: 'str_mitte',
    status: 'CONFIRMED',
    items: [
      { productId: 'prd_banana', quantity: 2 },
      { productId: 'prd_apple', quantity: 1 },
    ],
    courierId: null,
    ...order,
  };
  shop.orders.set(full.id, full);
  return full;
}

/** A position report as tracking publishes it, timestamped now. */
export function position(orderId: string, n = 0, extra: Partial<EventPayload<typeof SUBJECTS.trackingPosition>> = {}): EventPayload<typeof SUBJECTS.trackingPosition> {
  const now = new Date();
  return {
    courierId: 'cou_kim',
    orderId,
    lat: 52.52 + n / 10_000,
    lng: 13.405,
    heading: 90,
    speed: 4.2,
    recordedAt: now.toISOString(),
    eta: { orderId, estimatedArrivalAt: new Date(now.getTime() + 600_000).toISOString(), minutesRemaining: 10 },
    ...extra,
  };
}
