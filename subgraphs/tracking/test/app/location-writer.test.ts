import { createTestDeps, type TestDeps } from '@qc/shared/testing';
import { createLogger } from '@qc/shared';
import { migrations } from '../../migrations';
import { createRepositories, type Repositories } from '../../src/data';
import type { HistoryRecord, LocationReportRecord, PositionRecord } from '../../src/data/types';
import { LocationWriter } from '../../src/app/location-writer';

let deps: TestDeps;
let repos: Repositories;
const log = createLogger('test-tracking-writer', 'silent');

const report = (courierId: string, second: number, lat = 52.52): LocationReportRecord => ({
  courierId,
  lat,
  lng: 13.405,
  heading: 10,
  speed: 4,
  accuracy: 6,
  recordedAt: new Date(Date.parse('2026-11-25T12:00:00Z') + second * 1000),
});

/** Counts the statements that reach Postgres per table while `fn` runs. */
async function statementsDuring(fn: () => Promise<void>): Promise<{ history: number; latest: number }> {
  const counts = { history: 0, latest: 0 };
  const listener = (query: { sql: string }) => {
    if (/insert into location_reports/i.test(query.sql)) counts.history += 1;
    if (/insert into courier_latest_positions/i.test(query.sql)) counts.latest += 1;
  };
  deps.db.on('query', listener);
  try {
    await fn();
  } finally {
    deps.db.off('query', listener);
  }
  return counts;
}

const historyOf = (orderId: string) => deps.db('location_reports').where('order_id', orderId).orderBy('recorded_at');

beforeAll(async () => {
  deps = await createTestDeps('tracking', migrations);
  repos = createRepositories(deps.db, deps.redis, deps.namespace);
});

afterAll(async () => {
  await deps.close();
});

describe('LocationWriter', () => {
  it('when reports are buffered, then one flush writes them in one statement per table, history only for an order', async () => {
    const writer = new LocationWriter(repos, log);
    for (let i = 0; i < 50; i++) writer.add(report(`cou_w${i % 10}`, i), i % 10 < 5 ? `ord_w${i % 10}` : null);
    expect(writer.pending()).toEqual({ latest: 10, history: 25 });
    const counts = await statementsDuring(() => writer.flush());
    expect(counts).toEqual({ history: 1, latest: 1 });
    expect(writer.pending()).toEqual({ latest: 0, history: 0 });
    expect(await historyOf('ord_w0')).toHaveLength(5);
    expect(await historyOf('ord_w7')).toHaveLength(0);
    expect(await deps.db('location_reports').where('courier_id', 'cou_w7')).toHaveLength(0);
    // The durable latest position is every courier's newest report, delivery or not.
    const latest = await deps.db('courier_latest_positions').where('courier_id', 'cou_w7').first();
    expect(latest.recorded_at).toEqual(report('cou_w7', 47).recordedAt);
    expect(await historyOf('ord_w0')).toEqual(
      [0, 10, 20, 30, 40].map((s) => expect.objectContaining({ courier_id: 'cou_w0', accuracy: 6, recorded_at: report('cou_w0', s).recordedAt })),
    );
  });

  it('when a batch fills up, then it is written at once without waiting for the timer, in statements of at most batchSize rows', async () => {
    const writer = new LocationWriter(repos, log, { batchSize: 100, flushMs: 60_000 });
    const counts = await statementsDuring(async () => {
      for (let i = 0; i < 250; i++) writer.add(report('cou_batch', i), 'ord_batch');
      // No flush() and no timer (a minute away): a full buffer starts the flush, and a flush that ends
      // with a full buffer again starts the next one.
      const deadline = Date.now() + 5000;
      while ((await historyOf('ord_batch')).length < 250 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    });
    expect(await historyOf('ord_batch')).toHaveLength(250);
    expect(counts.history).toBe(3);
    expect(writer.pending().history).toBe(0);
  });

  it('when started, then the buffer is flushed every flushMs without being asked', async () => {
    const writer = new LocationWriter(repos, log, { flushMs: 50 });
    writer.start();
    try {
      writer.add(report('cou_timer', 0), 'ord_timer');
      const deadline = Date.now() + 5000;
      while ((await historyOf('ord_timer')).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await historyOf('ord_timer')).toHaveLength(1);
    } finally {
      await writer.stop();
    }
  });

  it('when stopped, then what is still buffered is written', async () => {
    const writer = new LocationWriter(repos, log, { flushMs: 60_000 });
    writer.start();
    writer.add(report('cou_stop', 0), 'ord_stop');
    await writer.stop();
    expect(await historyOf('ord_stop')).toHaveLength(1);
  });

  it('when Postgres refuses a batch, then the rows are kept and written by the next flush, newer positions winning', async () => {
    const written: HistoryRecord[] = [];
    const persisted: PositionRecord[] = [];
    let failures = 1;
    const flaky = {
      positions: { persistLatest: async (records: readonly PositionRecord[]) => (persisted.push(...records), [...records]) },
      history: {
        insertMany: async (records: readonly HistoryRecord[]) => {
          if (failures-- > 0) throw new Error('connection refused');
          written.push(...records);
        },
      },
    };
    const writer = new LocationWriter(flaky, log);
    writer.add(report('cou_flaky', 0), 'ord_flaky');
    await writer.flush();
    expect(written).toEqual([]);
    expect(writer.pending().history).toBe(1);
    writer.add(report('cou_flaky', 5), 'ord_flaky');
    await writer.flush();
    expect(written.map((r) => r.recordedAt.getTime())).toEqual([report('', 0).recordedAt.getTime(), report('', 5).recordedAt.getTime()]);
    expect(writer.pending()).toEqual({ latest: 0, history: 0 });
  });

  it('when Postgres stays down past maxPending, then the oldest history rows are dropped, not memory', async () => {
    const writer = new LocationWriter(
      { positions: { persistLatest: async () => [] }, history: { insertMany: async () => Promise.reject(new Error('down')) } },
      log,
      { maxPending: 10, batchSize: 1000 },
    );
    for (let i = 0; i < 25; i++) writer.add(report('cou_down', i), 'ord_down');
    expect(writer.pending().history).toBe(10);
  });
});
