import { BatchedLines, LOG_FLUSH_MS } from './logger';

/** A descriptor that takes at most `max` bytes a call, or fails with `code`, and keeps what it took. */
function fakeFd() {
  const taken: Buffer[] = [];
  const fd = {
    max: Infinity,
    code: undefined as string | undefined,
    calls: 0,
    text: () => Buffer.concat(taken).toString('utf8'),
    write: (_fd: number, data: Buffer) => {
      fd.calls++;
      if (fd.code) throw Object.assign(new Error(fd.code), { code: fd.code });
      const n = Math.min(fd.max, data.length);
      taken.push(Buffer.from(data.subarray(0, n)));
      return n;
    },
  };
  return fd;
}

describe('batched log lines', () => {
  it('when a few short lines are logged, then nothing is written until a flush, which writes them all in one call, in order', () => {
    const fd = fakeFd();
    const lines = new BatchedLines(1, fd.write);
    lines.write('{"a":1}\n');
    lines.write('{"b":"é"}\n');
    expect(fd.calls).toBe(0);
    lines.flush();
    expect(fd.calls).toBe(1);
    expect(fd.text()).toBe('{"a":1}\n{"b":"é"}\n');
  });

  it('when 4 KiB wait, then they are written without waiting for the timer', () => {
    const fd = fakeFd();
    const lines = new BatchedLines(1, fd.write);
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 4; i++) lines.write(line);
    expect(fd.text()).toBe(line.repeat(4));
  });

  it('when the descriptor takes part of the data, then the rest follows in the same flush', () => {
    const fd = fakeFd();
    fd.max = 3;
    const lines = new BatchedLines(1, fd.write);
    lines.write('hello\n');
    lines.flush();
    expect(fd.text()).toBe('hello\n');
  });

  it('when the pipe is full (EAGAIN), then the lines wait for the next flush and are not lost', () => {
    const fd = fakeFd();
    const lines = new BatchedLines(1, fd.write);
    lines.write('first\n');
    fd.code = 'EAGAIN';
    lines.flush();
    fd.code = undefined;
    lines.write('second\n');
    lines.flush();
    expect(fd.text()).toBe('first\nsecond\n');
  });

  it('when the reader is gone (EPIPE), then flushing neither throws nor retries, and later lines are dropped', () => {
    const fd = fakeFd();
    const lines = new BatchedLines(1, fd.write);
    lines.write('lost\n');
    fd.code = 'EPIPE';
    expect(() => lines.flush()).not.toThrow();
    const calls = fd.calls;
    lines.write('after\n');
    lines.flush();
    expect(fd.calls).toBe(calls);
  });

  describe('the flush timer', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('when a line waits, then it is written once the flush interval has passed, without a call to flush', () => {
      const fd = fakeFd();
      const lines = new BatchedLines(1, fd.write);
      lines.write('later\n');
      lines.write('also\n');
      jest.advanceTimersByTime(LOG_FLUSH_MS - 1);
      expect(fd.calls).toBe(0);
      jest.advanceTimersByTime(1);
      expect(fd.calls).toBe(1);
      expect(fd.text()).toBe('later\nalso\n');
    });

    it('when nothing waits, then no timer is armed (an idle process is not woken)', () => {
      const fd = fakeFd();
      const lines = new BatchedLines(1, fd.write);
      expect(jest.getTimerCount()).toBe(0);
      lines.write('one\n');
      expect(jest.getTimerCount()).toBe(1);
      lines.flush();
      expect(jest.getTimerCount()).toBe(0);
      jest.advanceTimersByTime(1000);
      expect(fd.calls).toBe(1);
    });

    it('when the pipe is full, then the timer is armed again for what is left', () => {
      const fd = fakeFd();
      const lines = new BatchedLines(1, fd.write);
      lines.write('stuck\n');
      fd.code = 'EAGAIN';
      jest.advanceTimersByTime(LOG_FLUSH_MS);
      expect(jest.getTimerCount()).toBe(1);
      fd.code = undefined;
      jest.advanceTimersByTime(LOG_FLUSH_MS);
      expect(fd.text()).toBe('stuck\n');
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});
