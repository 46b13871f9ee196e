import { withTimeout } from './connections';

describe('withTimeout', () => {
  it('when the promise settles in time, then its value or its own error comes through', async () => {
    await expect(withTimeout(Promise.resolve(42), 1000, 'answer')).resolves.toBe(42);
    const failure = new Error('refused');
    await expect(withTimeout(Promise.reject(failure), 1000, 'answer')).rejects.toBe(failure);
  });

  it('when the promise does not settle in time, then it fails naming what did not answer, and a later answer changes nothing', async () => {
    let answer!: (value: number) => void;
    const late = new Promise<number>((resolve) => (answer = resolve));
    await expect(withTimeout(late, 5, 'replay store')).rejects.toThrow('replay store did not answer within 5 ms');
    answer(1);
    await expect(late).resolves.toBe(1);
  });

  it('when the promise fails after the time is up, then nothing is left unhandled', async () => {
    let fail!: (error: Error) => void;
    const late = new Promise<number>((_, reject) => (fail = reject));
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      await expect(withTimeout(late, 5, 'probe')).rejects.toThrow('probe did not answer within 5 ms');
      fail(new Error('too late'));
      // Unhandled rejections are reported after the microtasks of the turn: wait for the next macrotask.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
