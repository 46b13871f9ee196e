import { createLogger } from '@qc/shared';
import { until } from '@qc/shared/testing';
import { MAX_CONFIRM_BATCH, ReservationConfirmations } from '../../src/app/confirmations';

const log = createLogger('test-confirmations', 'silent');

/** A confirm call the test answers by hand: every call is kept with its order ids. */
const scripted = () => {
  const calls: { orderIds: string[]; answer: () => void; fail: (error: Error) => void }[] = [];
  const confirm = (orderIds: string[]) =>
    new Promise<number>((resolve, reject) => calls.push({ orderIds, answer: () => resolve(orderIds.length), fail: reject }));
  return { calls, confirm };
};

describe('ReservationConfirmations', () => {
  it('when orders are added within the window, then nothing is sent until the flush, and the flush sends them all in one call', async () => {
    const { calls, confirm } = scripted();
    const batch = new ReservationConfirmations(confirm, log, 60_000);
    batch.add('ord_1');
    batch.add('ord_2');
    batch.add('ord_3');
    expect(calls).toHaveLength(0);
    const flushed = batch.flush();
    expect(calls.map((c) => c.orderIds)).toEqual([['ord_1', 'ord_2', 'ord_3']]);
    calls[0]!.answer();
    await flushed;
    // Nothing waits any more: a second flush sends nothing.
    await batch.flush();
    expect(calls).toHaveLength(1);
  });

  it('when the window ends, then the timer sends the waiting orders in one call', async () => {
    const { calls, confirm } = scripted();
    const batch = new ReservationConfirmations(confirm, log, 5);
    batch.add('ord_a');
    batch.add('ord_b');
    await until(() => calls.length === 1, 'the window to end');
    expect(calls[0]!.orderIds).toEqual(['ord_a', 'ord_b']);
    calls[0]!.answer();
    await batch.stop();
  });

  it('when a batch fills up, then it goes at once, without waiting for the window', () => {
    const { calls, confirm } = scripted();
    const batch = new ReservationConfirmations(confirm, log, 60_000);
    for (let i = 0; i < MAX_CONFIRM_BATCH; i += 1) batch.add(`ord_${i}`);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.orderIds).toHaveLength(MAX_CONFIRM_BATCH);
    batch.add('ord_next');
    expect(calls).toHaveLength(1);
    calls[0]!.answer();
    void batch.flush();
    calls[1]!.answer();
    return batch.stop();
  });

  it('when the window is 0, then every order is sent on its own at once', () => {
    const { calls, confirm } = scripted();
    const batch = new ReservationConfirmations(confirm, log, 0);
    batch.add('ord_1');
    batch.add('ord_2');
    expect(calls.map((c) => c.orderIds)).toEqual([['ord_1'], ['ord_2']]);
    for (const call of calls) call.answer();
    return batch.stop();
  });

  it('when the call fails, then the flush still resolves (the failure is logged; the events confirm those orders)', async () => {
    const { calls, confirm } = scripted();
    const warned: unknown[] = [];
    const spyLog = Object.assign(Object.create(log) as typeof log, { warn: (...args: unknown[]) => void warned.push(args) });
    const batch = new ReservationConfirmations(confirm, spyLog, 60_000);
    batch.add('ord_1');
    const flushed = batch.flush();
    calls[0]!.fail(new Error('availability is down'));
    await expect(flushed).resolves.toBeUndefined();
    expect(warned).toHaveLength(1);
  });

  it('when stopped, then the waiting orders are sent and stop resolves only once every call has answered', async () => {
    const { calls, confirm } = scripted();
    const batch = new ReservationConfirmations(confirm, log, 60_000);
    batch.add('ord_1');
    let stopped = false;
    const stopping = batch.stop().then(() => (stopped = true));
    expect(calls.map((c) => c.orderIds)).toEqual([['ord_1']]);
    await Promise.resolve();
    expect(stopped).toBe(false);
    calls[0]!.answer();
    await stopping;
    expect(stopped).toBe(true);
  });
});
