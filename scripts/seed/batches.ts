/**
 * Feeds records to a writer in fixed-size batches with a few writes in flight, pulling from the
 * source only as fast as the writes drain, so a lazy source of millions of rows never sits in memory.
 */

export interface BatchOptions {
  /** Records per write call. */
  batchSize: number;
  /** Write calls allowed in flight at once. */
  concurrency: number;
  /** Called after each successful write with its record count. */
  onWritten?: (rows: number) => void;
}

/**
 * Writes every record of `source` through `write`, `batchSize` at a time, at most `concurrency`
 * calls at once. Stops taking new batches after the first failure, waits for the writes still
 * running, then rejects with that failure. Resolves with the number of records written.
 */
export async function writeInBatches<T>(source: Iterable<T>, write: (batch: T[]) => Promise<void>, options: BatchOptions): Promise<number> {
  const { batchSize, concurrency, onWritten } = options;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`batchSize must be a positive integer (got ${batchSize})`);
  if (!(Number.isInteger(concurrency) && concurrency > 0)) throw new RangeError(`concurrency must be a positive integer (got ${concurrency})`);

  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  let written = 0;

  const launch = (batch: T[]) => {
    // Each tracked promise settles without rejecting, so no rejection goes unhandled while we wait.
    const tracked: Promise<void> = write(batch)
      .then(
        () => {
          written += batch.length;
          onWritten?.(batch.length);
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  let batch: T[] = [];
  for (const record of source) {
    batch.push(record);
    if (batch.length < batchSize) continue;
    launch(batch);
    batch = [];
    while (inFlight.size >= concurrency && !failure) await Promise.race(inFlight);
    if (failure) break;
  }
  if (!failure && batch.length > 0) launch(batch);
  await Promise.all(inFlight);
  if (failure) throw (failure as { error: unknown }).error;
  return written;
}
