import { HEADERS, signRequest, SUBJECTS, type Identity } from '@qc/shared';
import { createTestDeps, postGraphQL, startTestSubgraph, TEST_HMAC_SECRET, until, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, type Repositories } from '../src/data';
import type { TrackingEtaEvent, TrackingPositionEvent } from '../src/events';
import { subgraph } from '../src/server';
import type { UseCases } from '../src/app';

let deps: TestDeps;
let repos: Repositories;
let services: UseCases;
let server: TestSubgraph<typeof subgraph>;
let url: string;
const positions: TrackingPositionEvent[] = [];
const etas: TrackingEtaEvent[] = [];

const REPORT = `mutation($input: ReportLocationInput!) { reportLocation(input: $input) { kept skipped } }`;
const courier = (id: string): { identity: Identity } => ({ identity: { sub: id, role: 'courier' } });
const secondsAgo = (s: number) => new Date(Date.now() - s * 1000).toISOString();
const input = (over: Record<string, unknown> = {}) => ({ lat: 52.52, lng: 13.405, heading: 90, speed: 5, accuracy: 8, recordedAt: secondsAgo(1), ...over });
const report = (courierId: string, over: Record<string, unknown> = {}, caller: { identity: Identity | null } = courier(courierId)) =>
  postGraphQL<{ reportLocation: { kept: boolean; skipped: string | null } }>(url, REPORT, { input: input(over) }, caller);

const latest = async (courierId: string) => (await repos.positions.findLatest([courierId]))[0] ?? null;
const historyOf = (courierId: string) => deps.db('location_reports').where('courier_id', courierId).orderBy('recorded_at');
const livePositionsOf = (courierId: string) => positions.filter((p) => p.courierId === courierId);


/** As if `delivery.assigned` had been consumed: the courier carries `orderId` from a store to a door nearby. */
async function assign(courierId: string, orderId: string) {
  await deps.db.transaction((trx) =>
    services.deliveryState.applyAssigned(trx, {
      orderId,
      deliveryId: `dlv_${orderId}`,
      courierId,
      storeId: 'str_1',
      storeLocation: { lat: 52.515, lng: 13.4 },
      dropoffLocation: { lat: 52.53, lng: 13.42 },
      at: new Date().toISOString(),
    }),
  );
}

function subscribe<T>(subject: string, into: T[]) {
  const sub = deps.nats.subscribe(deps.events.liveSubject(subject));
  void (async () => {
    for await (const message of sub) into.push(message.json<T>());
  })();
}

beforeAll(async () => {
  deps = await createTestDeps('tracking', migrations);
  repos = createRepositories(deps.db, deps.redis, deps.namespace);
  // The timer never fires here: tests flush when they want to see Postgres.
  server = await startTestSubgraph(subgraph, deps, { settings: { writer: { flushMs: 60_000 } } });
  services = server.app.useCases;
  url = server.url;
  subscribe(SUBJECTS.trackingPosition, positions);
  subscribe(SUBJECTS.trackingEta, etas);
  await deps.nats.flush();
});

afterAll(async () => {
  await server.stop();
  const keys = await deps.redis.keys(`${deps.namespace}:*`);
  if (keys.length) await deps.redis.del(keys);
  await deps.close();
});

describe('reportLocation', () => {
  it('when a courier reports a valid position, then it is kept as the latest position and published live', async () => {
    const recordedAt = secondsAgo(2);
    const res = await report('cou_ok', { recordedAt });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ reportLocation: { kept: true, skipped: null } });
    expect(await latest('cou_ok')).toEqual({ courierId: 'cou_ok', lat: 52.52, lng: 13.405, heading: 90, speed: 5, recordedAt: new Date(recordedAt) });
    await until(() => livePositionsOf('cou_ok').length === 1);
    expect(livePositionsOf('cou_ok')).toEqual([
      { courierId: 'cou_ok', orderId: null, lat: 52.52, lng: 13.405, heading: 90, speed: 5, recordedAt: new Date(recordedAt).toISOString(), eta: null },
    ]);
  });

  it('when a second report comes within 3 s, then it is acknowledged as TOO_SOON and stored nowhere; after 3 s one is kept again', async () => {
    expect((await report('cou_thin', { recordedAt: secondsAgo(3), lat: 52.5 })).data).toEqual({ reportLocation: { kept: true, skipped: null } });
    expect((await report('cou_thin', { recordedAt: secondsAgo(2), lat: 52.5001 })).data).toEqual({ reportLocation: { kept: false, skipped: 'TOO_SOON' } });
    expect((await latest('cou_thin'))?.lat).toBe(52.5);
    await services.writer.flush();
    expect(await deps.db('courier_latest_positions').where('courier_id', 'cou_thin').first()).toMatchObject({ lat: 52.5 });

    await new Promise((r) => setTimeout(r, 3100));
    expect((await report('cou_thin', { recordedAt: secondsAgo(0), lat: 52.5002 })).data).toEqual({ reportLocation: { kept: true, skipped: null } });
    expect((await latest('cou_thin'))?.lat).toBe(52.5002);
    await until(() => livePositionsOf('cou_thin').length === 2);
    expect(livePositionsOf('cou_thin').map((p) => p.lat)).toEqual([52.5, 52.5002]);
  });

  it('when 10 reports of one courier arrive in parallel, then exactly one is kept, published and written to history', async () => {
    await assign('cou_burst', 'ord_burst');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => report('cou_burst', { recordedAt: secondsAgo(5 - i * 0.1), lat: 52.52 + i * 1e-5 })),
    );
    const acks = results.map((r) => r.data?.reportLocation);
    expect(acks.filter((a) => a?.kept)).toHaveLength(1);
    expect(acks.filter((a) => a?.kept === false && a.skipped === 'TOO_SOON')).toHaveLength(9);
    await services.writer.flush();
    expect(await historyOf('cou_burst')).toHaveLength(1);
    await until(() => livePositionsOf('cou_burst').length >= 1);
    await deps.nats.flush();
    expect(livePositionsOf('cou_burst')).toHaveLength(1);
  });

  it('when a signed report is replayed, to this replica or another sharing Redis, then it is refused (401) and changes nothing', async () => {
    const replica = await startTestSubgraph(subgraph, deps, { settings: { writer: { flushMs: 60_000 } } });
    try {
      const send = (to: string, body: string, headers: Record<string, string>) =>
        fetch(to, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const signed = (variables: Record<string, unknown>) => {
        const body = JSON.stringify({ query: REPORT, variables });
        return { body, headers: signRequest(TEST_HMAC_SECRET, { method: 'POST', target: '/graphql', body }, courier('cou_replay').identity, 'req-replay') };
      };
      const first = signed({ input: input({ recordedAt: secondsAgo(6) }) });
      expect(await (await send(url, first.body, first.headers)).json()).toEqual({ data: { reportLocation: { kept: true, skipped: null } } });
      const kept = await latest('cou_replay');

      for (const [to, signature] of [[url, first.headers[HEADERS.signature]!], [replica.url, first.headers[HEADERS.signature]!.toUpperCase()]] as const) {
        const replay = await send(to, first.body, { ...first.headers, [HEADERS.signature]: signature });
        expect(replay.status).toBe(401);
        // Refused by the ingest script (the field's answer is the error), not before the request ran.
        expect(await replay.json()).toMatchObject({ data: null, errors: [{ message: 'Unauthenticated: request was already used', path: ['reportLocation'], extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      // A report the gate would take again (3 s later) is refused as a replay all the same, and stores nothing.
      await deps.redis.del(repos.live.gateKey('cou_replay'));
      const replayed = await send(replica.url, first.body, first.headers);
      expect(replayed.status).toBe(401);
      expect(await latest('cou_replay')).toEqual(kept);
      expect(livePositionsOf('cou_replay').length).toBeLessThanOrEqual(1);

      // A new request of the same courier is taken as usual.
      const next = signed({ input: input({ recordedAt: secondsAgo(1), lat: 52.521 }) });
      expect(await (await send(replica.url, next.body, next.headers)).json()).toEqual({ data: { reportLocation: { kept: true, skipped: null } } });
    } finally {
      await replica.stop();
    }
  });

  it('when an operation does more than one report, then its signature is recorded before it runs, and its replay refused unrun', async () => {
    const query = `mutation($a: ReportLocationInput!, $b: ReportLocationInput!) { a: reportLocation(input: $a) { kept } b: reportLocation(input: $b) { kept } }`;
    const body = JSON.stringify({ query, variables: { a: input({ recordedAt: secondsAgo(2) }), b: input({ recordedAt: secondsAgo(1) }) } });
    const headers = { 'content-type': 'application/json', ...signRequest(TEST_HMAC_SECRET, { method: 'POST', target: '/graphql', body }, courier('cou_twice').identity, 'req-twice') };
    expect(await (await fetch(url, { method: 'POST', headers, body })).json()).toEqual({ data: { a: { kept: true }, b: { kept: false } } });
    const replay = await fetch(url, { method: 'POST', headers, body });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ errors: [{ message: 'Unauthenticated: request was already used', extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('when the report is older than the latest kept position, then it is acknowledged as OUT_OF_ORDER and changes nothing', async () => {
    await repos.positions.saveLatest([{ courierId: 'cou_late', lat: 52.52, lng: 13.405, heading: null, speed: null, recordedAt: new Date(Date.now() - 1000) }]);
    expect((await report('cou_late', { recordedAt: secondsAgo(10), lat: 52.53 })).data).toEqual({ reportLocation: { kept: false, skipped: 'OUT_OF_ORDER' } });
    expect((await latest('cou_late'))?.lat).toBe(52.52);
    expect(livePositionsOf('cou_late')).toEqual([]);
  });

  it('when someone other than a courier reports, then it is FORBIDDEN (or UNAUTHENTICATED) and nothing is stored', async () => {
    const refused: [Identity | null, string][] = [
      [null, 'UNAUTHENTICATED'],
      [{ sub: 'cus_1', role: 'customer' }, 'FORBIDDEN'],
      [{ sub: 'cou_nobody', role: 'admin', courierId: 'cou_nobody' }, 'FORBIDDEN'],
      [{ sub: 'cou_nobody', role: 'store_staff', storeId: 'str_1' }, 'FORBIDDEN'],
    ];
    for (const [identity, code] of refused) {
      const res = await report('cou_nobody', {}, { identity });
      expect(res.errors?.[0]?.extensions?.code).toBe(code);
      expect(res.data).toBeNull();
    }
    expect(await latest('cou_nobody')).toBeNull();
    expect(await latest('cus_1')).toBeNull();
  });

  it("when a courier reports, then only their own position changes: another courier's location cannot be written", async () => {
    await report('cou_other', { lat: 48.1, lng: 11.6, recordedAt: secondsAgo(30) });
    // The token says cou_mine (courierId wins over sub); there is no way to name cou_other.
    const res = await report('cou_mine', { lat: 48.2 }, { identity: { sub: 'cou_other', role: 'courier', courierId: 'cou_mine' } });
    expect(res.data).toEqual({ reportLocation: { kept: true, skipped: null } });
    expect((await latest('cou_other'))?.lat).toBe(48.1);
    expect((await latest('cou_mine'))?.lat).toBe(48.2);
  });

  it('when a value is out of range, then it is BAD_USER_INPUT naming the field, and nothing changes', async () => {
    await report('cou_range', { lat: 52.52, recordedAt: secondsAgo(20) });
    await until(() => livePositionsOf('cou_range').length === 1);
    const before = await latest('cou_range');
    await deps.redis.del(repos.live.gateKey('cou_range'));
    for (const [over, field] of [
      [{ lat: 90.5 }, 'lat/lng'],
      [{ lng: -181 }, 'lat/lng'],
      [{ heading: 360 }, 'heading'],
      [{ speed: -2 }, 'speed'],
      [{ accuracy: -1 }, 'accuracy'],
    ] as const) {
      const res = await report('cou_range', over);
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(res.data).toBeNull();
    }
    expect(await latest('cou_range')).toEqual(before);
    expect(await deps.redis.exists(repos.live.gateKey('cou_range'))).toBe(0);
    await deps.nats.flush();
    expect(livePositionsOf('cou_range')).toHaveLength(1);
  });

  it('when recordedAt is more than 30 s in the future, then it is BAD_USER_INPUT and nothing changes; 20 s ahead is taken', async () => {
    const res = await report('cou_future', { recordedAt: new Date(Date.now() + 60_000).toISOString() });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'recordedAt' });
    expect(res.errors?.[0]?.message).toMatch(/in the future/);
    expect(await latest('cou_future')).toBeNull();
    expect((await report('cou_future', { recordedAt: new Date(Date.now() + 20_000).toISOString() })).data).toEqual({
      reportLocation: { kept: true, skipped: null },
    });
  });

  it('when the courier would have had to move faster than 60 m/s, then it is BAD_USER_INPUT, nothing changes, and the next plausible report is kept', async () => {
    await report('cou_jump', { lat: 52.52, lng: 13.405, recordedAt: secondsAgo(10) });
    await deps.redis.del(repos.live.gateKey('cou_jump'));
    const res = await report('cou_jump', { lat: 48.137, lng: 11.575, recordedAt: secondsAgo(5) });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'lat/lng' });
    expect(res.errors?.[0]?.message).toMatch(/impossible jump: \d+ m in 5\.\d s .* at most 60 m\/s/);
    expect((await latest('cou_jump'))?.lat).toBe(52.52);
    // The refused report took no slot: a plausible one right after is kept.
    expect((await report('cou_jump', { lat: 52.5203, lng: 13.405, recordedAt: secondsAgo(4) })).data).toEqual({
      reportLocation: { kept: true, skipped: null },
    });
  });

  it('when couriers with and without a delivery report, then history is written in one batch, only for the delivery', async () => {
    await assign('cou_busy', 'ord_busy');
    await report('cou_busy', { recordedAt: secondsAgo(2) });
    await report('cou_free', { recordedAt: secondsAgo(2) });
    await deps.redis.del(repos.live.gateKey('cou_busy'));
    await report('cou_busy', { recordedAt: secondsAgo(1), lat: 52.5201 });
    expect(await historyOf('cou_busy')).toHaveLength(0);

    const inserts: string[] = [];
    const listener = (q: { sql: string }) => /insert into location_reports/i.test(q.sql) && inserts.push(q.sql);
    deps.db.on('query', listener);
    await services.writer.flush();
    deps.db.off('query', listener);
    expect(inserts).toHaveLength(1);
    expect(await historyOf('cou_busy')).toEqual([
      expect.objectContaining({ courier_id: 'cou_busy', order_id: 'ord_busy', lat: 52.52, accuracy: 8 }),
      expect.objectContaining({ courier_id: 'cou_busy', order_id: 'ord_busy', lat: 52.5201 }),
    ]);
    expect(await historyOf('cou_free')).toEqual([]);
    expect(await deps.db('courier_latest_positions').where('courier_id', 'cou_free').first()).toMatchObject({ lat: 52.52 });
  });

  it('when a courier with a delivery reports, then the live position names the order with its ETA, and tracking.eta is published once', async () => {
    await assign('cou_eta', 'ord_eta');
    const res = await report('cou_eta', { lat: 52.51, lng: 13.39, recordedAt: secondsAgo(6) });
    expect(res.data).toEqual({ reportLocation: { kept: true, skipped: null } });
    await until(() => livePositionsOf('cou_eta').length === 1 && etas.some((e) => e.orderId === 'ord_eta'));
    const [position] = livePositionsOf('cou_eta');
    expect(position).toMatchObject({ courierId: 'cou_eta', orderId: 'ord_eta', eta: { orderId: 'ord_eta', minutesRemaining: expect.any(Number) } });
    const eta = etas.find((e) => e.orderId === 'ord_eta')!;
    expect(eta).toEqual({
      orderId: 'ord_eta',
      courierId: 'cou_eta',
      estimatedArrivalAt: position!.eta!.estimatedArrivalAt,
      minutesRemaining: position!.eta!.minutesRemaining,
      computedAt: expect.any(String),
    });
    expect(Date.parse(eta.estimatedArrivalAt)).toBeGreaterThan(Date.parse(eta.computedAt));

    // The same estimate again (a few metres on, a moment later) is not news.
    await deps.redis.del(repos.live.gateKey('cou_eta'));
    await report('cou_eta', { lat: 52.51001, lng: 13.39, recordedAt: secondsAgo(5) });
    await until(() => livePositionsOf('cou_eta').length === 2);
    await deps.nats.flush();
    expect(etas.filter((e) => e.orderId === 'ord_eta')).toHaveLength(1);
  });
});
