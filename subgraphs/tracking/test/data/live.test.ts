import { createTestDeps, type TestDeps } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { jumpProblem, jumpToleranceMeters, MAX_SPEED_MPS, THINNING_WINDOW_MS } from '../../src/domain/report';
import { createRepositories, type Repositories } from '../../src/data';
import type { LocationReportRecord, PositionRecord } from '../../src/data/types';

let deps: TestDeps;
let repos: Repositories;
let seq = 0;

const rules = (accuracy: number | null = null) => ({ toleranceMeters: jumpToleranceMeters(accuracy), maxSpeedMps: MAX_SPEED_MPS, windowMs: THINNING_WINDOW_MS });
const report = (courierId: string, iso: string, lat: number, lng: number, accuracy: number | null = null): LocationReportRecord => ({
  courierId,
  lat,
  lng,
  heading: null,
  speed: null,
  accuracy,
  recordedAt: new Date(iso),
});
const fresh = () => `cou_live_${++seq}`;

/** A previous kept position written as the repositories write it (what the script reads back). */
async function seedPrevious(position: PositionRecord): Promise<void> {
  await repos.positions.saveLatest([position]);
}

beforeAll(async () => {
  deps = await createTestDeps('tracking', migrations);
  repos = createRepositories(deps.db, deps.redis, deps.namespace);
});

afterAll(async () => {
  const keys = await deps.redis.keys(`${deps.namespace}:*`);
  if (keys.length) await deps.redis.del(keys);
  await deps.close();
});

describe('LiveStateRepository.ingest', () => {
  it('when the jump rule is applied in Redis, then it answers like domain/report.ts#jumpProblem on every case', async () => {
    const berlin = { lat: 52.52, lng: 13.405 };
    const metersNorth = (m: number) => berlin.lat + (m / 6_371_008.8) * (180 / Math.PI);
    const cases: { previous: string; next: string; meters: number; accuracy: number | null }[] = [
      { previous: '2026-11-25T12:00:00.000Z', next: '2026-11-25T12:00:04.000Z', meters: 60 * 4 + 50 - 1, accuracy: null },
      { previous: '2026-11-25T12:00:00.000Z', next: '2026-11-25T12:00:04.000Z', meters: 60 * 4 + 50 + 1, accuracy: null },
      { previous: '2026-11-25T12:00:00.000Z', next: '2026-11-25T12:00:04.000Z', meters: 60 * 4 + 50 + 100, accuracy: 120 },
      { previous: '2026-11-25T12:00:00.000Z', next: '2026-11-25T12:00:00.500Z', meters: 70, accuracy: null },
      { previous: '2026-11-25T12:00:00.000Z', next: '2026-11-25T12:00:00.500Z', meters: 90, accuracy: null },
      // Across a leap day, a month end and a year end: the script's own ISO → epoch conversion.
      { previous: '2028-02-28T23:59:58.250Z', next: '2028-02-29T00:00:03.750Z', meters: 60 * 5.5 + 40, accuracy: null },
      { previous: '2028-02-28T23:59:58.250Z', next: '2028-02-29T00:00:03.750Z', meters: 60 * 5.5 + 60, accuracy: null },
      { previous: '2026-12-31T23:59:50.000Z', next: '2027-01-01T00:00:10.000Z', meters: 60 * 20 + 49, accuracy: null },
      { previous: '2026-12-31T23:59:50.000Z', next: '2027-01-01T00:00:10.000Z', meters: 60 * 20 + 51, accuracy: null },
      { previous: '2026-04-30T23:00:00.000Z', next: '2026-05-01T01:00:00.000Z', meters: 400_000, accuracy: null },
      { previous: '2026-04-30T23:00:00.000Z', next: '2026-05-01T01:00:00.000Z', meters: 440_000, accuracy: null },
    ];
    for (const c of cases) {
      const courierId = fresh();
      const previous = { courierId, ...berlin, heading: null, speed: null, recordedAt: new Date(c.previous) };
      await seedPrevious(previous);
      const next = report(courierId, c.next, metersNorth(c.meters), berlin.lng, c.accuracy);
      const outcome = await repos.live.ingest(next, rules(c.accuracy));
      const expected = jumpProblem(previous, next, jumpToleranceMeters(c.accuracy)) ? 'JUMP' : 'KEPT';
      expect({ ...c, status: outcome.status }).toEqual({ ...c, status: expected });
    }
  });

  it('when the cached position was written without milliseconds, then the script still reads its time', async () => {
    const courierId = fresh();
    await deps.redis.set(repos.positions.key(courierId), JSON.stringify({ courierId, lat: 52.52, lng: 13.405, heading: null, speed: null, recordedAt: '2026-11-25T12:00:00Z' }));
    expect((await repos.live.ingest(report(courierId, '2026-11-25T12:00:10.000Z', 52.521, 13.405), rules())).status).toBe('KEPT');
    const other = fresh();
    await deps.redis.set(repos.positions.key(other), JSON.stringify({ courierId: other, lat: 52.52, lng: 13.405, heading: null, speed: null, recordedAt: '2026-11-25T12:00:00Z' }));
    expect((await repos.live.ingest(report(other, '2026-11-25T12:00:10.000Z', 52.6, 13.405), rules())).status).toBe('JUMP');
  });

  it('when a report is kept, then the gate lives for the thinning window and the position is the latest', async () => {
    const courierId = fresh();
    const outcome = await repos.live.ingest(report(courierId, '2026-11-25T12:00:00.000Z', 52.52, 13.405), rules());
    expect(outcome).toEqual({ status: 'KEPT', delivery: null, lastEta: null });
    const ttl = await deps.redis.pttl(repos.live.gateKey(courierId));
    expect(ttl).toBeGreaterThan(THINNING_WINDOW_MS - 500);
    expect(ttl).toBeLessThanOrEqual(THINNING_WINDOW_MS);
    expect(await repos.positions.findLatest([courierId])).toEqual([expect.objectContaining({ lat: 52.52, recordedAt: new Date('2026-11-25T12:00:00Z') })]);
  });

  it('when a report is skipped or refused, then neither the gate nor the latest position changes', async () => {
    const courierId = fresh();
    await seedPrevious({ courierId, lat: 52.52, lng: 13.405, heading: null, speed: null, recordedAt: new Date('2026-11-25T12:00:10Z') });
    expect((await repos.live.ingest(report(courierId, '2026-11-25T12:00:05.000Z', 52.52, 13.405), rules())).status).toBe('OUT_OF_ORDER');
    expect((await repos.live.ingest(report(courierId, '2026-11-25T12:00:10.000Z', 52.52, 13.405), rules())).status).toBe('OUT_OF_ORDER');
    expect((await repos.live.ingest(report(courierId, '2026-11-25T12:00:15.000Z', 48.1, 11.5), rules())).status).toBe('JUMP');
    expect(await deps.redis.exists(repos.live.gateKey(courierId))).toBe(0);
    expect(await repos.positions.findLatest([courierId])).toEqual([expect.objectContaining({ lat: 52.52, recordedAt: new Date('2026-11-25T12:00:10Z') })]);
  });

  it('when 20 reports of one courier race, then exactly one is kept and the latest position is that one', async () => {
    const courierId = fresh();
    const reports = Array.from({ length: 20 }, (_, i) => report(courierId, new Date(Date.parse('2026-11-25T12:00:00Z') + i * 100).toISOString(), 52.52 + i * 1e-5, 13.405));
    const outcomes = await Promise.all(reports.map((r) => repos.live.ingest(r, rules())));
    const kept = outcomes.flatMap((o, i) => (o.status === 'KEPT' ? [i] : []));
    expect(kept).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'TOO_SOON')).toHaveLength(19);
    const [latest] = await repos.positions.findLatest([courierId]);
    expect(latest?.recordedAt).toEqual(reports[kept[0]!]!.recordedAt);
  });

  it('when the courier has a mirrored delivery and a recorded ETA, then a kept report returns both; after clearing, neither', async () => {
    const courierId = fresh();
    const delivery = {
      deliveryId: 'dlv_x',
      orderId: 'ord_x',
      courierId,
      storeId: 'str_1',
      storeLocation: { lat: 52.5, lng: 13.4 },
      dropoffLocation: { lat: 52.51, lng: 13.41 },
      vehicle: null,
      phase: 'TO_STORE' as const,
      promisedReadyAt: new Date('2026-11-25T12:10:00Z'),
      packedAt: null,
    };
    await repos.live.setDelivery(courierId, delivery, null);
    const eta = { orderId: 'ord_x', estimatedArrivalAt: new Date('2026-11-25T12:30:00Z'), minutesRemaining: 30 };
    await repos.live.recordEta(courierId, eta);
    const outcome = await repos.live.ingest(report(courierId, '2026-11-25T12:00:00.000Z', 52.52, 13.405), rules());
    expect(outcome).toEqual({ status: 'KEPT', delivery, lastEta: eta });

    await repos.live.clearDelivery(courierId);
    await repos.live.recordEta(courierId, eta);
    expect(await repos.live.state(courierId)).toEqual({ delivery: null, lastEta: null });
  });
});
