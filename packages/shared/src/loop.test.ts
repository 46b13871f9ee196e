import { Writable } from 'node:stream';
import pino from 'pino';
import { EventBus } from './events/bus';
import { OutboxRelay } from './events/outbox';
import { createDb } from './db';
import { Loop } from './loop';
import { ServiceMetrics } from './telemetry/metrics';
import { until } from './testing';

/** A debug-level logger whose lines a test can read. */
function capturedLog() {
  const lines: { level: number; msg: string; loop?: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines, at: (level: number) => lines.filter((l) => l.level === level) };
}

const ERROR = 50;
const INFO = 30;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Loop', () => {
  afterEach(() => jest.useRealTimers());

  it('when kicked during a slow run, then runs never overlap and stop waits for the run in flight', async () => {
    const { log } = capturedLog();
    let active = 0;
    let most = 0;
    let runs = 0;
    let gate = deferred();
    const loop = new Loop({ name: 'slow', everyMs: 60_000, log }, async () => {
      active += 1;
      most = Math.max(most, active);
      runs += 1;
      await gate.promise;
      active -= 1;
    });
    loop.start();
    await until(() => runs === 1, 'the first run');
    for (let i = 0; i < 5; i += 1) loop.kick();
    const second = loop.nextRun();
    gate.resolve();
    await until(() => runs === 2, 'the run the kicks asked for');
    gate = deferred();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    await second;
    expect(most).toBe(1);
    expect(runs).toBe(2);
  });

  it('when a run reports more work, then the next run starts without pausing', async () => {
    const { log } = capturedLog();
    let runs = 0;
    const loop = new Loop({ name: 'batches', everyMs: 60_000, log }, async () => (runs += 1) < 3);
    loop.start();
    await until(() => runs === 3, 'three batches');
    await loop.stop();
    expect(runs).toBe(3);
  });

  it('when a run names when its next work is due, then the loop sleeps until then rather than its interval, and never longer than the interval', async () => {
    jest.useFakeTimers();
    const { log } = capturedLog();
    const starts: number[] = [];
    const due = [250, 5_000, -10];
    const loop = new Loop({ name: 'scheduled', everyMs: 1_000, jitter: 0.5, log }, async () => {
      starts.push(Date.now());
      const nextInMs = due[starts.length - 1];
      return nextInMs === undefined ? undefined : { nextInMs };
    });
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(250);
    expect(starts.length).toBe(2);
    // 5 s ahead is past the interval: the interval (with its jitter) bounds the sleep; the third run's
    // work is already due (-10 ms), so the fourth follows at once.
    await jest.advanceTimersByTimeAsync(1_500);
    expect(starts.length).toBe(4);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps[0]).toBe(250);
    expect(gaps[1]).toBeGreaterThanOrEqual(1_000);
    expect(gaps[1]).toBeLessThanOrEqual(1_500);
    expect(gaps[2]).toBeLessThanOrEqual(1);
    await loop.stop();
  });

  it('when kicks come one after another with a spacing, then they share runs started at least the spacing apart; a lone kick after a quiet spell runs at once', async () => {
    jest.useFakeTimers();
    const { log } = capturedLog();
    const starts: number[] = [];
    const loop = new Loop({ name: 'spaced', everyMs: 60_000, jitter: 0, kickSpacingMs: 250, log }, async () => {
      starts.push(Date.now());
    });
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(starts.length).toBe(1);
    // Ten kicks 50 ms apart: the first waits out the spacing after the start run, the rest join.
    for (let i = 0; i < 10; i++) {
      loop.kick();
      await jest.advanceTimersByTimeAsync(50);
    }
    await jest.advanceTimersByTimeAsync(250);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(starts.length).toBe(3);
    expect(gaps).toEqual([250, 250]);
    // Quiet for longer than the spacing: the next kick runs at once.
    await jest.advanceTimersByTimeAsync(1_000);
    const before = Date.now();
    loop.kick();
    await jest.advanceTimersByTimeAsync(0);
    expect(starts.length).toBe(4);
    expect(starts[3]).toBe(before);
    await loop.stop();
  });

  it('when a run reports more work, then a kick does not hold the next run back by the spacing', async () => {
    jest.useFakeTimers();
    const { log } = capturedLog();
    const starts: number[] = [];
    const loop = new Loop({ name: 'spaced-batches', everyMs: 60_000, kickSpacingMs: 250, log }, async () => {
      starts.push(Date.now());
      loop.kick();
      return starts.length < 3;
    });
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(starts.length).toBe(3);
    expect(starts[2]! - starts[0]!).toBe(0);
    await loop.stop();
  });

  it('when runs keep failing, then the pause doubles up to the cap, kicks do not cut it short, and the log says it once', async () => {
    jest.useFakeTimers();
    const { log, at } = capturedLog();
    const starts: number[] = [];
    let failUntil = 5;
    const loop = new Loop({ name: 'flaky', everyMs: 100, jitter: 0, maxBackoffMs: 1000, log }, async () => {
      starts.push(Date.now());
      if (starts.length <= failUntil) throw new Error('database is down');
    });
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    loop.kick();
    await jest.advanceTimersByTimeAsync(200 + 400 + 800 + 1000 + 1000);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps.slice(0, 5)).toEqual([200, 400, 800, 1000, 1000]);
    expect(at(ERROR)).toEqual([expect.objectContaining({ loop: 'flaky', msg: 'background loop failed; retrying with backoff' })]);
    expect(at(INFO)).toEqual([expect.objectContaining({ loop: 'flaky', msg: 'background loop recovered' })]);
    failUntil = 0;
    const before = starts.length;
    await jest.advanceTimersByTimeAsync(100);
    expect(starts.length).toBe(before + 1);
    await loop.stop();
  });
});

describe('Loop with a long safety interval', () => {
  afterEach(() => jest.useRealTimers());

  it('when a run fails, then the backoff doubles from retryMs, not from everyMs', async () => {
    jest.useFakeTimers();
    const { log } = capturedLog();
    const starts: number[] = [];
    const loop = new Loop({ name: 'signalled', everyMs: 60_000, retryMs: 100, maxBackoffMs: 1000, jitter: 0, log }, async () => {
      starts.push(Date.now());
      if (starts.length <= 3) throw new Error('nats is down');
    });
    loop.start();
    await jest.advanceTimersByTimeAsync(200 + 400 + 800);
    expect(starts.slice(1).map((t, i) => t - starts[i]!)).toEqual([200, 400, 800]);
    // Recovered: back to the long interval.
    await jest.advanceTimersByTimeAsync(59_999);
    expect(starts.length).toBe(4);
    await jest.advanceTimersByTimeAsync(1);
    expect(starts.length).toBe(5);
    await loop.stop();
  });
});

describe('OutboxRelay', () => {
  it('when Postgres is unreachable, then the relay backs off between attempts and logs the outage once', async () => {
    const { log, at } = capturedLog();
    // Nothing listens on port 1: every attempt fails at once, as during an outage.
    const db = createDb({ url: 'postgres://postgres@127.0.0.1:1/none', schema: 'none' });
    const bus = { metrics: new ServiceMetrics() } as EventBus;
    const relay = new OutboxRelay(db, bus, log, { pollMs: 50 });
    const started = Date.now();
    relay.start();
    try {
      await until(() => at(20).filter((l) => l.msg === 'background loop still failing').length >= 3, 'four failed attempts');
      // Without backoff four attempts take about 4 × 50 ms; with it at least 100 + 200 + 400 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(700);
      expect(at(ERROR)).toEqual([expect.objectContaining({ loop: 'outbox-relay' })]);
    } finally {
      await relay.stop();
      await db.destroy();
    }
  });
});
