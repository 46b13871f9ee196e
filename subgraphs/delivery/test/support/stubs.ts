/**
 * availability as a real HTTP server that verifies the gateway signature, requires the service
 * identity and answers `_entities` for Store, for delivery's own tests. Delivery may not import
 * availability, so this is the only way to reach "it" here; the end-to-end tests run the real one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, graphql } from 'graphql';
import { createRedis, redisReplayStore, SERVICE_ROLE, SignatureVerifier } from '@qc/shared';
import { TEST_HMAC_SECRET, TEST_REDIS_URL } from '@qc/shared/testing';
import type { GeoPoint } from '../../src/data';

// The part of availability's schema delivery reads, as the supergraph spells it.
const AVAILABILITY_SDL = /* GraphQL */ `
  scalar _Any
  type GeoPoint { lat: Float! lng: Float! }
  type Store { id: ID! location: GeoPoint! }
  union _Entity = Store
  type Query { _entities(representations: [_Any!]!): [_Entity]! }
`;

export interface AvailabilityStub {
  url: string;
  /** Store locations by id; tests add stores before their orders need them. */
  stores: Map<string, GeoPoint>;
  /** `_entities` calls answered, and the store ids each asked for. */
  calls: string[][];
  close(): Promise<void>;
}

export async function startAvailabilityStub(): Promise<AvailabilityStub> {
  const schema = buildSchema(AVAILABILITY_SDL);
  const redis = createRedis(TEST_REDIS_URL);
  const verifier = new SignatureVerifier(TEST_HMAC_SECRET, redisReplayStore(redis, 'test-stub:seen-signature:'));
  const stub: AvailabilityStub = { url: '', stores: new Map(), calls: [], close: async () => undefined };
  const rootValue = {
    _entities: ({ representations }: { representations: { __typename: string; id: string }[] }) => {
      stub.calls.push(representations.map((r) => r.id));
      return representations.map(({ __typename, id }) => {
        const location = __typename === 'Store' ? stub.stores.get(id) : undefined;
        return location ? { __typename: 'Store', id, location } : null;
      });
    },
  };

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
        const verified = await verifier.verify(req.headers, { method: req.method ?? 'POST', target: req.url ?? '/', body });
        if (!verified.ok) return send(401, { errors: [{ message: verified.reason, extensions: { code: 'UNAUTHENTICATED' } }] });
        if (verified.identity?.role !== SERVICE_ROLE) return send(200, { errors: [{ message: 'service only', extensions: { code: 'FORBIDDEN' } }] });
        const { query, variables } = JSON.parse(body.toString('utf8')) as { query: string; variables: Record<string, unknown> };
        send(200, await graphql({ schema, source: query, variableValues: variables, rootValue }));
      })();
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  stub.url = `http://127.0.0.1:${port}/graphql`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }).then(async () => {
      await redis.quit();
    });
  return stub;
}
