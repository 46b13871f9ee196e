import { writeInBatches } from './batches';

const tick = () => new Promise((resolve) => setImmediate(resolve));

function* counting(n: number, pulled: { count: number }) {
  for (let i = 0; i < n; i++) {
    pulled.count++;
    yield i;
  }
}

describe('writeInBatches', () => {
  it('when the source has 12 records and batches hold 5, then it writes 5, 5 and 2, in order', async () => {
    const batches: number[][] = [];
    const written = await writeInBatches(counting(12, { count: 0 }), async (b) => void batches.push(b), { batchSize: 5, concurrency: 2 });
    expect(written).toBe(12);
    expect(batches).toEqual([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11]]);
  });

  it('when the source is empty, then nothing is written', async () => {
    const write = jest.fn(async () => undefined);
    expect(await writeInBatches([], write, { batchSize: 5, concurrency: 2 })).toBe(0);
    expect(write).not.toHaveBeenCalled();
  });

  it('when writes are slow, then at most `concurrency` run at once and the source is pulled only as they drain', async () => {
    const pulled = { count: 0 };
    let running = 0;
    let peak = 0;
    const pulledWhileRunning: number[] = [];
    const write = async () => {
      running++;
      peak = Math.max(peak, running);
      pulledWhileRunning.push(pulled.count);
      await tick();
      await tick();
      running--;
    };
    const reported: number[] = [];
    await writeInBatches(counting(100, pulled), write, { batchSize: 10, concurrency: 3, onWritten: (n) => reported.push(n) });
    expect(peak).toBe(3);
    // With three writes of ten in flight, no more than 40 records were ever taken from the source.
    expect(Math.max(...pulledWhileRunning.map((p, i) => p - i * 10))).toBeLessThanOrEqual(40);
    expect(reported).toEqual(Array(10).fill(10));
  });

  it('when a write fails, then no new batch starts, running ones finish, and the failure is raised', async () => {
    const pulled = { count: 0 };
    const started: number[] = [];
    const finished: number[] = [];
    const write = async (batch: number[]) => {
      started.push(batch[0]!);
      await tick();
      if (batch[0] === 10) throw new Error('disk full');
      await tick();
      finished.push(batch[0]!);
    };
    await expect(writeInBatches(counting(1_000, pulled), write, { batchSize: 10, concurrency: 2 })).rejects.toThrow('disk full');
    expect(started.length).toBeLessThanOrEqual(3);
    expect(finished).toContain(0);
    expect(pulled.count).toBeLessThan(100);
  });

  it('when the sizes are not positive integers, then it refuses to start', async () => {
    await expect(writeInBatches([1], async () => undefined, { batchSize: 0, concurrency: 1 })).rejects.toThrow(RangeError);
    await expect(writeInBatches([1], async () => undefined, { batchSize: 5, concurrency: 1.5 })).rejects.toThrow(RangeError);
  });
});
