import { spawn } from 'node:child_process';
import { dueCount, ownedProcess, percentile, readGraphQL, runOpenLoop, scheduledOffsetMs, Tally, verdict } from './harness';

describe('bench percentiles', () => {
  it('when asked for p50/p99 of 1..100, then nearest-rank values come back', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
  });

  it('when there are no samples, then the percentile is NaN rather than a made-up number', () => {
    expect(percentile([], 99)).toBeNaN();
  });
});

describe('bench verdict', () => {
  const clean = { errors: 0, non2xx: 0, graphqlErrors: 0 };
  const target = { rate: 300, p99Ms: 20 };

  it('when the rate is reached and p99 is under target with no failure, then MET', () => {
    expect(verdict({ ...clean, throughput: 300, p99: 19.9 }, target)).toEqual({ met: true, reasons: [] });
  });

  it('when the achieved rate is exactly 95 % of the target, then it still counts', () => {
    expect(verdict({ ...clean, throughput: 285, p99: 5 }, target).met).toBe(true);
  });

  it('when a run achieved 50/s against a 300/s target, then MISSED however low its latency', () => {
    const judged = verdict({ ...clean, throughput: 50, p99: 3 }, target);
    expect(judged.met).toBe(false);
    expect(judged.reasons).toEqual(['achieved 50.0/s, below 95 % of 300/s']);
  });

  it('when just under 95 % of the target rate, then MISSED', () => {
    expect(verdict({ ...clean, throughput: 284.9, p99: 5 }, target).met).toBe(false);
  });

  it('when p99 equals the target, then MISSED: the target is strictly below', () => {
    expect(verdict({ ...clean, throughput: 300, p99: 20 }, target).reasons).toEqual(['p99 20.0 ms ≥ 20 ms']);
  });

  it('when nothing was answered, then MISSED for the rate and for lack of answers, never MET on NaN', () => {
    const judged = verdict({ ...clean, throughput: 0, p99: NaN }, target);
    expect(judged.met).toBe(false);
    expect(judged.reasons).toEqual(['achieved 0.0/s, below 95 % of 300/s', 'no answers']);
  });

  it('when a request failed in any way, then MISSED with the failures counted', () => {
    expect(verdict({ errors: 1, non2xx: 2, graphqlErrors: 3, throughput: 300, p99: 1 }, target).reasons).toEqual(['6 requests failed']);
  });
});

describe('open-loop schedule', () => {
  it('when the rate is 200/s, then request i is due at i × 5 ms and request 0 at once', () => {
    expect([0, 1, 2, 199].map((i) => scheduledOffsetMs(i, 200))).toEqual([0, 5, 10, 995]);
    expect(dueCount(0, 200, 1000)).toBe(1);
    expect(dueCount(4.9, 200, 1000)).toBe(1);
    expect(dueCount(5, 200, 1000)).toBe(2);
    expect(dueCount(-1, 200, 1000)).toBe(0);
  });

  it('when the clock is past the end, then no more than the total is due', () => {
    expect(dueCount(60_000, 200, 1000)).toBe(1000);
  });

  describe('the sender', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('when no answer comes back, then it still sends every request at its scheduled time', async () => {
      let clock = 1_000;
      const scheduled: number[] = [];
      const answers: (() => void)[] = [];
      const running = runOpenLoop({
        rate: 100,
        durationSeconds: 1,
        now: () => clock,
        tickMs: 1,
        send: (_i, scheduledAt) => {
          scheduled.push(scheduledAt - 1_000);
          return new Promise<void>((resolve) => answers.push(resolve));
        },
      });
      for (let ms = 0; ms < 1_000; ms += 1) {
        clock += 1;
        await jest.advanceTimersByTimeAsync(1);
      }
      expect(scheduled).toEqual(Array.from({ length: 100 }, (_, i) => i * 10));
      let finished = false;
      void running.then(() => (finished = true));
      await jest.advanceTimersByTimeAsync(10);
      expect(finished).toBe(false);

      clock += 500;
      answers.forEach((answer) => answer());
      const run = await running;
      expect(run.sent).toBe(100);
      expect(run.endedAt - run.startedAt).toBeGreaterThanOrEqual(1_490);
    });

    it('when the sender was held up, then the overdue requests go at once, keep their scheduled times, and the lag is recorded', async () => {
      let clock = 0;
      const scheduled: number[] = [];
      const running = runOpenLoop({
        rate: 100,
        durationSeconds: 0.1,
        now: () => clock,
        tickMs: 1,
        send: async (_i, scheduledAt) => {
          scheduled.push(scheduledAt);
        },
      });
      expect(scheduled).toEqual([0]);
      clock = 55;
      await jest.advanceTimersByTimeAsync(1);
      expect(scheduled).toEqual([0, 10, 20, 30, 40, 50]);
      clock = 200;
      await jest.advanceTimersByTimeAsync(1);
      const run = await running;
      expect(run.sent).toBe(10);
      expect(run.lags.slice(0, 6)).toEqual([0, 45, 35, 25, 15, 5]);
    });

    it('when aborted, then it stops sending and still waits for what is in flight', async () => {
      let clock = 0;
      const abort = new AbortController();
      let sent = 0;
      const running = runOpenLoop({ rate: 100, durationSeconds: 10, now: () => clock, tickMs: 1, signal: abort.signal, send: async () => void (sent += 1) });
      clock = 95;
      await jest.advanceTimersByTimeAsync(1);
      abort.abort();
      clock = 200;
      await jest.advanceTimersByTimeAsync(1);
      expect((await running).sent).toBe(10);
      expect(sent).toBe(10);
    });
  });
});

describe('reading GraphQL answers', () => {
  it('when errors is a non-empty array, then each code is read, whatever else the body holds', () => {
    expect(readGraphQL('{"data":{"a":1},"errors":[{"message":"x","extensions":{"code":"BAD_USER_INPUT"}},{"message":"y"}]}').errorCodes).toEqual(['BAD_USER_INPUT', 'NO_CODE']);
  });

  it('when a field value merely contains the word "errors", then the answer is a success', () => {
    expect(readGraphQL('{"data":{"product":{"name":"\\"errors\\" and omissions"}}}')).toEqual({ data: { product: { name: '"errors" and omissions' } }, errorCodes: [] });
  });

  it('when the body is not JSON, or has no data, then it counts as an error', () => {
    expect(readGraphQL('<html>Bad Gateway</html>').errorCodes).toEqual(['UNPARSABLE']);
    expect(readGraphQL('{"data":null}').errorCodes).toEqual(['NO_DATA']);
    expect(readGraphQL('[1]').errorCodes).toEqual(['UNPARSABLE']);
  });

  it('when errors is an empty array, then the answer is a success', () => {
    expect(readGraphQL('{"data":{"a":1},"errors":[]}').errorCodes).toEqual([]);
  });
});

describe('tally', () => {
  it('when answers come back, then successes, failures and outcomes are counted apart and the achieved rate counts only successes', () => {
    const tally = new Tally();
    const classify = (data: unknown) => ((data as { kept: boolean }).kept ? 'kept' : 'thinned');
    tally.recordAnswer({ status: 200, body: '{"data":{"kept":true}}' }, 5, classify);
    tally.recordAnswer({ status: 200, body: '{"data":{"kept":false}}' }, 6, classify);
    tally.recordAnswer({ status: 200, body: '{"errors":[{"extensions":{"code":"RATE_LIMITED"}}]}' }, 7, classify);
    tally.recordAnswer({ status: 502, body: 'Bad Gateway' }, 8, classify);
    tally.recordFailure(new Error('ECONNRESET'));
    const result = tally.summarise('t', { sent: 5, startedAt: 0, sendingEndedAt: 1_000, endedAt: 2_000, lags: [0, 0, 0, 0, 0] });
    expect(result).toMatchObject({
      sent: 5,
      requests: 4,
      ok: 2,
      errors: 1,
      non2xx: 1,
      graphqlErrors: 2,
      errorCodes: { RATE_LIMITED: 1, UNPARSABLE: 1 },
      outcomes: { kept: 1, thinned: 1 },
      offered: 5,
      throughput: 1,
      elapsedSeconds: 2,
      max: 8,
    });
  });
});

describe('ownedProcess', () => {
  it('stops the process it owns and waits for it; a process that ended by itself says so', async () => {
    const listeners = () => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const before = listeners();
    const long = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const owned = ownedProcess(long, 'the sleeper');
    expect(owned.exited()).toBeUndefined();
    expect(listeners()).toBe(before + 2);
    await owned.stop();
    expect(long.signalCode).toBe('SIGTERM');
    expect(owned.exited()).toBe('the sleeper exited with null');

    const short = spawn(process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' });
    const ended = ownedProcess(short, 'the quitter');
    await new Promise((resolve) => short.once('exit', resolve));
    expect(ended.exited()).toBe('the quitter exited with 3');
    await ended.stop();
    // The bench's interrupt handlers go with the processes they guarded.
    expect(listeners()).toBe(before);
  });
});
