/**
 * Polls `probe` until it returns something truthy and returns that: the one way a test waits for a
 * signal (a row, an event, a log line, a count) instead of sleeping a fixed time. Fails with `what`
 * in the message after `ms`.
 */
export async function until<T>(probe: () => T | Promise<T>, what = 'the condition', ms = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
