import { createRedis, SUBJECTS, type Redis, type SubgraphDeps, type SubgraphServer } from '@qc/shared';
import { createTestDeps, exampleEvent, listenOnFreePort, postGraphQL, startPrivateRedis, TEST_HMAC_SECRET, type PrivateRedis, type TestDeps } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, type Repositories } from '../src/data';
import type { TrackingPositionEvent } from '../src/events';
import { buildServer } from '../src/server';
import { createServices } from '../src/app';
import { startWorkers } from '../src/app/workers';

let shared: TestDeps;
let privateRedis: PrivateRedis;
let redis: Redis;
let deps: SubgraphDeps;
let repos: Repositories;
let server: SubgraphServer;
let stopWorkers: () => Promise<void>;
let url: string;
const positions: TrackingPositionEvent[] = [];

const REPORT = `mutation($input: ReportLocationInput!) { reportLocation(input: $input) { kept } }`;

async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Reports a position and returns the `tracking.position` event it caused (what `courierPosition` pushes). */
async function report(courierId: string, lat: number): Promise<TrackingPositionEvent> {
  const recordedAt = new Date().toISOString();
  const res = await postGraphQL<{ reportLocation: { kept: boolean } }>(url, REPORT, { input: { lat, lng: 13.4, recordedAt } }, { identity: { sub: courierId, role: 'courier' } });
  expect(res.data).toEqual({ reportLocation: { kept: true } });
  await until(() => positions.some((p) => p.courierId === courierId && p.recordedAt === recordedAt));
  return positions.find((p) => p.courierId === courierId && p.recordedAt === recordedAt)!;
}

beforeAll(async () => {
  shared = await createTestDeps('tracking_redis', migrations);
  privateRedis = await startPrivateRedis();
  redis = createRedis(privateRedis.url);
  deps = { ...shared, redis };
  repos = createRepositories(deps.db, redis, deps.namespace);
  const services = createServices(deps, { writer: { flushMs: 100 } });
  server = await buildServer(deps, TEST_HMAC_SECRET, services);
  url = await listenOnFreePort(server);
  // Only a reconnect can trigger the rebuild within this test's time.
  stopWorkers = await startWorkers(deps, services, { mirrorCheckMs: 10 * 60_000 });
  const sub = deps.nats.subscribe(deps.events.liveSubject(SUBJECTS.trackingPosition));
  void (async () => {
    for await (const m of sub) positions.push(m.json());
  })();
  await deps.nats.flush();
});

afterAll(async () => {
  await stopWorkers();
  await server.stop();
  redis.disconnect();
  await privateRedis.stop();
  await shared.close();
});

describe('Redis lost and back empty', () => {
  it("when Redis restarts empty, then the live-delivery mirror is rebuilt from Postgres and the courier's reports still name their order", async () => {
    await deps.events.publish(exampleEvent(SUBJECTS.deliveryAssigned, { orderId: 'ord_r1', deliveryId: 'dlv_r1', courierId: 'cou_r1' }));
    await until(async () => (await repos.live.state('cou_r1')).delivery !== null);
    expect((await report('cou_r1', 52.5)).orderId).toBe('ord_r1');

    await privateRedis.restart();
    await until(async () => redis.status === 'ready' && (await repos.live.state('cou_r1')).delivery !== null);

    const after = await report('cou_r1', 52.501);
    expect(after).toMatchObject({ courierId: 'cou_r1', orderId: 'ord_r1' });
    expect((await repos.live.state('cou_r1')).delivery).toMatchObject({ orderId: 'ord_r1' });
  });
});
