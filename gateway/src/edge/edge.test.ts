import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { GraphQLError, parse } from 'graphql';
import { isInfrastructureError } from '@qc/shared';
import { TEST_HMAC_SECRET } from '@qc/shared/testing';
import { gatewayConfig } from '../config';
import { CostEstimates, estimateCost, variablesShape } from './cost';
import { classify } from './errors';
import { clientOf } from './rate-limit';

const api = Supergraph.build(readFileSync(join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql'), 'utf8'))
  .apiSchema()
  .toAPISchema()
  .toGraphQLJSSchema();
const cost = (query: string, variables: Record<string, unknown> = {}) => estimateCost(api, parse(query), undefined, variables, 20);

describe('cost of a selection', () => {
  it('when a page is asked for, then its items cost `first` times, from a literal or a variable alike', () => {
    expect(cost('{ products(first: 20) { edges { node { name } } } }')).toBe(1 + 20 * (1 + 1 + 1));
    expect(cost('query P($n: Int) { products(first: $n) { edges { node { name } } } }', { n: 100 })).toBe(1 + 100 * 3);
  });

  it('when first is omitted, then the subgraphs\' page size (20) or the argument\'s schema default counts', () => {
    expect(cost('{ products { edges { node { name } } } }')).toBe(61);
    expect(cost('{ escalatedDeliveries { order { id } } }')).toBe(1 + 50 * 2);
  });

  it('when a list is sized by a list argument, then its length counts; other lists count the assumed size', () => {
    expect(cost('{ availability(location: { lat: 1, lng: 1 }, productIds: ["a", "b", "c"]) { quantity } }')).toBe(1 + 3);
    expect(cost('{ categories { name } }')).toBe(1 + 20);
  });

  it('when lists nest, then their sizes multiply', () => {
    expect(cost('{ products(first: 100) { edges { node { stockLevels { store { name } } } } } }')).toBe(1 + 100 * (1 + 1 + (1 + 20 * 2)));
  });

  it('when the variables do not fit the operation, then there is no estimate (execution refuses them itself)', () => {
    expect(cost('query P($n: Int!) { products(first: $n) { totalCount } }')).toBeUndefined();
  });
});

describe('remembered estimates', () => {
  const page = parse('query P($n: Int!, $deep: Boolean!, $ids: [ID!]!, $q: String) { products(first: $n, search: $q) { edges { node { name stockLevels @include(if: $deep) { quantity } } } } availability(location: { lat: 1, lng: 1 }, productIds: $ids) { quantity } }');
  const fresh = (variables: Record<string, unknown>) => estimateCost(api, page, 'P', variables, 20);

  it('when only strings differ, then the estimate is the same; every number, boolean and list length that changes it is estimated anew', () => {
    const estimates = new CostEstimates(20);
    const cases = [
      { n: 10, deep: false, ids: ['a'], q: 'milk' },
      { n: 10, deep: false, ids: ['b'], q: 'bread' },
      { n: 100, deep: false, ids: ['a'], q: 'milk' },
      { n: 100, deep: true, ids: ['a'], q: 'milk' },
      { n: 100, deep: true, ids: ['a', 'b', 'c'], q: 'milk' },
      { n: 100, deep: true, ids: 'a', q: null },
      { n: 10, deep: false, ids: ['a'], q: 'milk' },
    ];
    const seen = cases.map((variables) => estimates.estimate(api, page, 'P', variables));
    expect(seen).toEqual(cases.map(fresh));
    // 10; 100; 100 with stock levels; three ids (a lone id counts as a list of one, as ['a'] does).
    expect(new Set(seen).size).toBe(4);
  });

  it('when only the fields of an input object differ (every location report), then the shape is the same and the estimate too', () => {
    const report = parse('mutation R($input: ReportLocationInput!) { reportLocation(input: $input) { kept skipped } }');
    const input = (lat: number, heading: number) => ({ input: { lat, lng: 13.4, heading, speed: 4.2, accuracy: 7.5, recordedAt: '2026-12-07T20:00:00.000Z' } });
    expect(variablesShape(input(52.52, 90))).toBe(variablesShape(input(52.53, 271.5)));
    expect(variablesShape({ items: [{ productId: 'a', quantity: 1 }] })).toBe(variablesShape({ items: [{ productId: 'b', quantity: 7 }] }));
    // What can change an estimate still makes another shape: a list's length, a number, a boolean, a null.
    expect(variablesShape({ items: [{ quantity: 1 }] })).not.toBe(variablesShape({ items: [{ quantity: 1 }, { quantity: 1 }] }));
    expect(new Set([{ n: 10 }, { n: 100 }, { n: true }, { n: null }, {}].map(variablesShape)).size).toBe(5);
    const estimates = new CostEstimates(20);
    const fresh = estimateCost(api, report, 'R', input(52.52, 90), 20);
    expect(fresh).toBe(3);
    expect(estimates.estimate(api, report, 'R', input(52.52, 90))).toBe(fresh);
    expect(estimates.estimate(api, report, 'R', input(52.6, 12))).toBe(fresh);
  });

  it('when variables that do not fit come first, then valid ones of the same shape are still estimated', () => {
    const estimates = new CostEstimates(20);
    expect(estimates.estimate(api, page, 'P', { n: 10, deep: 'maybe', ids: ['a'] })).toBeUndefined();
    expect(estimates.estimate(api, page, 'P', { n: 10, deep: true, ids: ['a'] })).toBe(fresh({ n: 10, deep: true, ids: ['a'] }));
    expect(estimates.estimate(api, page, 'P', { n: 1000, ids: ['a'] })).toBeUndefined();
    expect(estimates.estimate(api, page, 'P', { n: 1000, deep: true, ids: ['a'] })).toBe(fresh({ n: 1000, deep: true, ids: ['a'] }));
  });
});

describe('what an error may tell a client', () => {
  it('when an error carries a client code (UNAVAILABLE as a subgraph words it included), then it is expected', () => {
    expect(classify(new GraphQLError('Payments did not answer, so nothing was reserved or charged. Please retry with the same idempotency key.'), 'UNAVAILABLE')).toBe('expected');
    expect(classify(new GraphQLError('nope'), 'FORBIDDEN')).toBe('expected');
    expect(classify(new GraphQLError('first must be at most 100'), 'BAD_USER_INPUT')).toBe('expected');
  });

  it('when a subgraph cannot be reached, times out, or says UNAVAILABLE, then it is unavailable', () => {
    const refused = Object.assign(new Error('request to http://127.0.0.1:4001/graphql failed, reason: connect ECONNREFUSED 127.0.0.1:4001'), { code: 'ECONNREFUSED', type: 'system' });
    expect(classify(new GraphQLError(refused.message, { originalError: refused }), 'INTERNAL_SERVER_ERROR')).toBe('unavailable');
    const timeout = Object.assign(new Error('network timeout at: http://127.0.0.1:4001/graphql'), { type: 'request-timeout' });
    expect(classify(new GraphQLError(timeout.message, { originalError: timeout }), undefined)).toBe('unavailable');
    expect(classify(new GraphQLError('502: Bad Gateway', { extensions: { response: { status: 502 } } }), undefined)).toBe('unavailable');
  });

  it('when a subgraph refuses the gateway itself (401) or fails on a bug, then it is internal, whatever code it came with', () => {
    expect(classify(new GraphQLError('401: Unauthorized', { extensions: { code: 'UNAUTHENTICATED', response: { status: 401 } } }), 'UNAUTHENTICATED')).toBe('internal');
    expect(classify(new GraphQLError('select "id" from "categories" - relation "categories" does not exist'), 'INTERNAL_SERVER_ERROR')).toBe('internal');
    expect(classify(new GraphQLError('boom'), 'DOWNSTREAM_SERVICE_ERROR')).toBe('internal');
  });

  it('when drivers report an outage, then it is an infrastructure error; a query error is not', () => {
    expect(isInfrastructureError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isInfrastructureError(Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }))).toBe(true);
    expect(isInfrastructureError(new Error('Reached the max retries per request limit (which is 2). Refer to "maxRetriesPerRequest" option for details.'))).toBe(true);
    expect(isInfrastructureError(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })]))).toBe(true);
    expect(isInfrastructureError(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }))).toBe(false);
    expect(isInfrastructureError(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
  });
});

describe('whose budget a request spends', () => {
  it('when a partner calls, then its partner_id is the key, else its subject; users by role and subject; anonymous callers by address', () => {
    expect(clientOf({ sub: 'svc_1', role: 'partner', partnerId: 'acme' }, '1.2.3.4')).toEqual({ kind: 'partner', id: 'acme' });
    expect(clientOf({ sub: 'svc_1', role: 'partner' }, '1.2.3.4')).toEqual({ kind: 'partner', id: 'svc_1' });
    expect(clientOf({ sub: 'cus_1', role: 'customer' }, '1.2.3.4')).toEqual({ kind: 'user', id: 'customer:cus_1' });
    expect(clientOf(null, '1.2.3.4')).toEqual({ kind: 'anonymous', id: '1.2.3.4' });
  });
});

const config = (env: NodeJS.ProcessEnv) => gatewayConfig({ JWT_SECRET: 'j'.repeat(40), GATEWAY_HMAC_SECRET: TEST_HMAC_SECRET, ...env });

describe('edge configuration', () => {
  it('when per-partner budgets are given, then they are read; a malformed entry names itself', () => {
    expect(config({ RATE_LIMIT_PARTNERS: 'acme=1000, globex=50' }).edge.rateLimits.partners).toEqual({ acme: 1000, globex: 50 });
    expect(() => config({ RATE_LIMIT_PARTNERS: 'acme:1000' })).toThrow(/"acme:1000" is not partner_id=requests/);
  });

  it('when nothing is set, then development trusts loopback proxies and production none; CORS allows no origin', () => {
    expect(config({ NODE_ENV: 'development' }).edge.trustProxy).toEqual(['loopback']);
    expect(config({ NODE_ENV: 'test' }).edge.trustProxy).toBe(false);
    expect(config({}).edge.corsOrigins).toEqual([]);
    expect(config({ CORS_ORIGINS: 'https://a.example, https://b.example' }).edge.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });
});
