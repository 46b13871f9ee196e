import { createRedis, SUBJECTS, type Redis, type SubgraphDeps } from '@qc/shared';
import { createTestDeps, exampleEvent, postGraphQL, startPrivateRedis, startTestSubgraph, until, type PrivateRedis, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, type Repositories } from '../src/data';
import type { TrackingPositionEvent } from '../src/events';
import { subgraph } from '../src/server';

let shared: TestDeps;
let privateRedis: PrivateRedis;
let redis: Redis;
let deps: SubgraphDeps;
let repos: Repositories;
let server: TestSubgraph<typeof subgraph>;
let url: string;
const positions: TrackingPositionEvent[] = [];

const REPORT = `mutation($input: ReportLocationInput!) { reportLocation(input: $input) { kept } }`;

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
  // Only a reconnect can trigger the rebuild within this test's time.
  server = await startTestSubgraph(subgraph, deps, { settings: { writer: { flushMs: 100 }, mirrorCheckMs: 10 * 60_000 }, workers: true });
  url = server.url;
  const sub = deps.nats.subscribe(deps.events.liveSubject(SUBJECTS.trackingPosition));
  void (async () => {
    for await (const m of sub) positions.push(m.json());
  })();
  await deps.nats.flush();
});

afterAll(async () => {
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
    await until(async () => redis.status === 'ready' && (await repos.live.state('cou_r1')).delivery !== null, 'the live-delivery mirror rebuilt after the restart', 15_000);

    const after = await report('cou_r1', 52.501);
    expect(after).toMatchObject({ courierId: 'cou_r1', orderId: 'ord_r1' });
    expect((await repos.live.state('cou_r1')).delivery).toMatchObject({ orderId: 'ord_r1' });
  });
});
