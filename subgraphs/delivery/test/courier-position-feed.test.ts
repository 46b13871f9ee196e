/**
 * The courier-position feed's write pacing on real NATS, with a store that records its calls: a
 * position after a quiet spell is written at once, later ones wait for the spacing and go in one call,
 * and stopping writes what is waiting.
 */
import { EventBus, SUBJECTS } from '@qc/shared';
import { createTestDeps, until, type TestDeps } from '@qc/shared/testing';
import { migrations } from '../migrations';
import type { CourierPositionStore } from '../src/data';
import type { CourierPositionRecord } from '../src/data/types';
import { subscribeCourierPositions } from '../src/events/tracking-position';

let deps: TestDeps;

beforeAll(async () => {
  deps = await createTestDeps('delivery', migrations);
});

afterAll(async () => {
  await deps.close();
});

/** A store that keeps each call's positions and answers at once. */
function recordingStore() {
  const calls: CourierPositionRecord[][] = [];
  const store = { recordMany: async (batch: readonly CourierPositionRecord[]) => (calls.push([...batch]), batch.length) };
  return { calls, store: store as unknown as CourierPositionStore };
}

const report = (courierId: string, recordedAt: Date) => ({ courierId, orderId: null, lat: 52.5, lng: 13.4, heading: null, speed: null, recordedAt: recordedAt.toISOString(), eta: null });

describe('courier positions feed', () => {
  it('when positions keep coming within the spacing, then the first is written at once and the rest together when stopping', async () => {
    const { calls, store } = recordingStore();
    // Spacing longer than the test: only the first write and the one at stop can happen.
    const feed = subscribeCourierPositions(deps, store, () => {}, 60_000);
    const at = new Date();
    deps.events.publishLive(SUBJECTS.trackingPosition, report('cou_f_0', at));
    await until(() => calls.length === 1 || null, 'the first position written');
    for (let i = 1; i <= 9; i += 1) {
      deps.events.publishLive(SUBJECTS.trackingPosition, report(`cou_f_${i}`, at));
      // Each arrives apart from the others (the server answers the flush after delivering it here).
      await deps.nats.flush();
    }
    deps.events.publishLive(SUBJECTS.trackingPosition, report('cou_f_1', new Date(at.getTime() + 1000)));
    await deps.nats.flush();
    expect(calls).toHaveLength(1);

    await feed.stop();
    expect(calls.map((c) => c.length)).toEqual([1, 9]);
    expect(calls[1]!.find((p) => p.courierId === 'cou_f_1')?.recordedAt).toEqual(new Date(at.getTime() + 1000));
  });

  it('when tracking sends several positions as one pack, then each is recorded as if it had come alone', async () => {
    const { calls, store } = recordingStore();
    const feed = subscribeCourierPositions(deps, store, () => {}, 60_000);
    // Tracking's bus holds positions for its spacing and sends them together (see `EventBus.publishLive`).
    const tracking = new EventBus(deps.nats, deps.events.prefix, 1, { liveSpacingMs: 60_000 });
    const at = new Date();
    tracking.publishLive(SUBJECTS.trackingPosition, report('cou_p_0', at));
    await until(() => calls.length === 1 || null, 'the first position written');
    for (const id of ['cou_p_1', 'cou_p_2', 'cou_p_3']) tracking.publishLive(SUBJECTS.trackingPosition, report(id, at));
    tracking.flushLive();
    await deps.nats.flush();

    await feed.stop();
    expect(calls.map((c) => c.map((p) => p.courierId))).toEqual([['cou_p_0'], ['cou_p_1', 'cou_p_2', 'cou_p_3']]);
  });

  it('when a position comes after the spacing has passed, then it is written without waiting for more', async () => {
    const { calls, store } = recordingStore();
    const feed = subscribeCourierPositions(deps, store, () => {}, 50);
    deps.events.publishLive(SUBJECTS.trackingPosition, report('cou_q_1', new Date()));
    await until(() => calls.length === 1 || null, 'the first position written');
    deps.events.publishLive(SUBJECTS.trackingPosition, report('cou_q_2', new Date()));
    await until(() => calls.length === 2 || null, 'the second position written');
    expect(calls.map((c) => c.map((p) => p.courierId))).toEqual([['cou_q_1'], ['cou_q_2']]);
    await feed.stop();
  });
});
