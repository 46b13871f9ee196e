/**
 * Catalog and availability as a real HTTP server that verifies the gateway signature and executes the
 * operations against the contract's SDL, for orders' own tests. Orders may not import the other
 * subgraphs, so this is the only way to reach "them" here; test/orders.e2e.test.ts runs the real ones.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, graphql } from 'graphql';
import { createRedis, redisReplayStore, SERVICE_ROLE, SignatureVerifier } from '@qc/shared';
import { TEST_HMAC_SECRET, TEST_REDIS_URL } from '@qc/shared/testing';
import type { Settings } from '../../src/config';
import type { PlaceOrderRequest } from '../../src/domain/place-order';

const CATALOG_SDL = /* GraphQL */ `
  scalar _Any
  type Money { amountCents: Int! currency: String! }
  type Product { id: ID! price: Money! }
  union _Entity = Product
  type Query { _entities(representations: [_Any!]!): [_Entity]! }
`;

// availability's internal API exactly as the issue-4 contract spells it.
const AVAILABILITY_SDL = /* GraphQL */ `
  scalar DateTime
  input LocationInput { lat: Float! lng: Float! }
  input ReserveStockInput { orderId: ID! location: LocationInput! items: [ReserveItemInput!]! ttlSeconds: Int }
  input ReserveItemInput { productId: ID! quantity: Int! }
  union ReserveStockResult = StockReserved | ReservationOutOfStock | ReservationNotDeliverable
  type StockReserved { reservationId: ID! storeId: ID! expiresAt: DateTime! distanceMeters: Int! }
  type ReservationOutOfStock { items: [ShortItem!]! }
  type ShortItem { productId: ID! requested: Int! available: Int! }
  type ReservationNotDeliverable { reason: String! }
  type Query { _service: String }
  type Mutation {
    reserveStock(input: ReserveStockInput!): ReserveStockResult!
    releaseReservation(orderId: ID!, reason: String!): Boolean!
    confirmReservation(orderId: ID!): Boolean!
    confirmReservations(orderIds: [ID!]!): Int!
  }
`;

export interface StubReservation {
  id: string;
  orderId: string;
  status: 'ACTIVE' | 'CONFIRMED' | 'RELEASED';
  items: { productId: string; quantity: number }[];
  ttlSeconds: number | null;
  releasedReason?: string;
}

/** The fake world behind the stub; tests set it up and read it back. */
export interface StubServices {
  catalogUrl: string;
  availabilityUrl: string;
  /** Catalog list prices by product id. */
  prices: Map<string, { amountCents: number; currency: string }>;
  /** Free units per product in the one store, `str_stub`. */
  free: Map<string, number>;
  reservations: Map<string, StubReservation>;
  /** Locations north of this latitude are outside the store's radius. */
  maxLat: number;
  /** Make the service answer 503 (a dependency outage). */
  down: { catalog: boolean; availability: boolean };
  /** How many calls of each kind arrived (`confirm`: calls of confirmReservations, however many orders each named). */
  calls: { prices: number; reserve: number; release: number; confirm: number };
  /** The order ids of each confirmReservations call, in the order they came. */
  confirmBatches: string[][];
  close(): Promise<void>;
}

export async function startStubServices(): Promise<StubServices> {
  const catalogSchema = buildSchema(CATALOG_SDL);
  const availabilitySchema = buildSchema(AVAILABILITY_SDL);
  const redis = createRedis(TEST_REDIS_URL);
  const verifier = new SignatureVerifier(TEST_HMAC_SECRET, redisReplayStore(redis, 'test-stub:seen-signature:'));
  let nextReservation = 1;

  // One object the handlers read and the test mutates, so `stub.maxLat = …` takes effect.
  const stub: StubServices = {
    catalogUrl: '',
    availabilityUrl: '',
    close: async () => undefined,
    prices: new Map(),
    free: new Map(),
    reservations: new Map(),
    maxLat: 60,
    down: { catalog: false, availability: false },
    calls: { prices: 0, reserve: 0, release: 0, confirm: 0 },
    confirmBatches: [],
  };

  const catalogRoot = {
    _entities: ({ representations }: { representations: { id: string }[] }) => {
      stub.calls.prices += 1;
      return representations.map(({ id }) => {
        const price = stub.prices.get(id);
        return price ? { __typename: 'Product', id, price } : null;
      });
    },
  };

  const availabilityRoot = {
    reserveStock: ({ input }: { input: { orderId: string; location: { lat: number }; items: { productId: string; quantity: number }[]; ttlSeconds?: number } }) => {
      stub.calls.reserve += 1;
      if (input.location.lat > stub.maxLat) return { __typename: 'ReservationNotDeliverable', reason: 'No open store delivers to this location' };
      const existing = stub.reservations.get(input.orderId);
      if (existing && existing.status !== 'RELEASED') return reserved(existing);
      const short = input.items
        .map((i) => ({ productId: i.productId, requested: i.quantity, available: stub.free.get(i.productId) ?? 0 }))
        .filter((i) => i.available < i.requested);
      if (short.length) return { __typename: 'ReservationOutOfStock', items: short };
      for (const i of input.items) stub.free.set(i.productId, stub.free.get(i.productId)! - i.quantity);
      const reservation: StubReservation = { id: `rsv_${nextReservation++}`, orderId: input.orderId, status: 'ACTIVE', items: input.items, ttlSeconds: input.ttlSeconds ?? null };
      stub.reservations.set(input.orderId, reservation);
      return reserved(reservation);
    },
    releaseReservation: ({ orderId, reason }: { orderId: string; reason: string }) => {
      stub.calls.release += 1;
      const r = stub.reservations.get(orderId);
      if (!r || r.status === 'RELEASED') return false;
      for (const i of r.items) stub.free.set(i.productId, (stub.free.get(i.productId) ?? 0) + i.quantity);
      r.status = 'RELEASED';
      r.releasedReason = reason;
      return true;
    },
    confirmReservation: ({ orderId }: { orderId: string }) => {
      stub.calls.confirm += 1;
      const r = stub.reservations.get(orderId);
      if (r?.status !== 'ACTIVE') return false;
      r.status = 'CONFIRMED';
      return true;
    },
    confirmReservations: ({ orderIds }: { orderIds: string[] }) => {
      stub.calls.confirm += 1;
      stub.confirmBatches.push(orderIds);
      let confirmed = 0;
      for (const orderId of orderIds) {
        const r = stub.reservations.get(orderId);
        if (r?.status !== 'ACTIVE') continue;
        r.status = 'CONFIRMED';
        confirmed += 1;
      }
      return confirmed;
    },
  };
  const reserved = (r: StubReservation) => ({
    __typename: 'StockReserved',
    reservationId: r.id,
    storeId: 'str_stub',
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    distanceMeters: 800,
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const send = (status: number, json: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        const isCatalog = req.url === '/catalog/graphql';
        if ((isCatalog && stub.down.catalog) || (!isCatalog && stub.down.availability)) return send(503, { errors: [{ message: 'down' }] });
        const verified = await verifier.verify(req.headers, { method: req.method ?? 'POST', target: req.url ?? '/', body });
        if (!verified.ok) return send(401, { errors: [{ message: verified.reason, extensions: { code: 'UNAUTHENTICATED' } }] });
        if (verified.identity?.role !== SERVICE_ROLE) return send(200, { errors: [{ message: 'service only', extensions: { code: 'FORBIDDEN' } }] });
        const { query, variables } = JSON.parse(body.toString('utf8')) as { query: string; variables: Record<string, unknown> };
        const result = await graphql({
          schema: isCatalog ? catalogSchema : availabilitySchema,
          source: query,
          variableValues: variables,
          rootValue: isCatalog ? catalogRoot : availabilityRoot,
        });
        send(200, result);
      })();
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  stub.catalogUrl = `http://127.0.0.1:${port}/catalog/graphql`;
  stub.availabilityUrl = `http://127.0.0.1:${port}/availability/graphql`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }).then(async () => {
      await redis.quit();
    });
  return stub;
}

/** Ordering settings for a test server: the stubs as catalog and availability, quick payments and breaker. */
export function stubSettings(stubs: Pick<StubServices, 'catalogUrl' | 'availabilityUrl'>, breaker: Partial<Settings['payment']['breaker']> = {}): Partial<Settings> {
  return {
    catalogUrl: stubs.catalogUrl,
    availabilityUrl: stubs.availabilityUrl,
    serviceTimeoutMs: 2000,
    idempotencyWaitMs: 10_000,
    payment: {
      latencyMs: 0,
      outage: false,
      breaker: { timeoutMs: 300, errorThresholdPercentage: 50, resetTimeoutMs: 60_000, volumeThreshold: 1000, rollingCountTimeoutMs: 10_000, ...breaker },
    },
  };
}

/** Prices and `freeUnits` of free stock for the cart `placeInput` orders: 2 × prd_a (250) + 1 × prd_b (199) = 699. */
export function stockPlaceInputCart(stubs: Pick<StubServices, 'prices' | 'free'>, freeUnits: number): void {
  stubs.prices.set('prd_a', { amountCents: 250, currency: 'EUR' });
  stubs.prices.set('prd_b', { amountCents: 199, currency: 'EUR' });
  stubs.free.set('prd_a', freeUnits);
  stubs.free.set('prd_b', freeUnits);
}

/** A valid placement input; override what a test is about. */
export function placeInput(overrides: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  return {
    idempotencyKey: `key-${Math.random().toString(36).slice(2)}`,
    items: [
      { productId: 'prd_a', quantity: 2 },
      { productId: 'prd_b', quantity: 1 },
    ],
    deliveryLocation: { lat: 52.529, lng: 13.401 },
    address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119' },
    paymentMethod: 'card_visa_4242',
    ...overrides,
  };
}
