import type { EventBus } from '../events';

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

/**
 * Waits until the durable consumer `durable` has been delivered and has acknowledged every message of
 * its subject published so far (nothing pending, nothing awaiting an ack): proof that it processed
 * what the test sent, so the test may then assert that a redelivery changed nothing.
 */
export async function waitForAcks(events: EventBus, durable: string, ms = 10_000): Promise<void> {
  const jsm = await events.jsm();
  await until(async () => {
    const info = await jsm.consumers.info(events.stream, durable);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  }, `${durable} to ack every message published so far`, ms);
}
