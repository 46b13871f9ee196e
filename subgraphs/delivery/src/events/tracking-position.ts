import { contractOf, SUBJECTS, type SubgraphDeps } from '@qc/shared';
import type { CourierPositionStore } from '../data';
import type { CourierPositionRecord } from '../data/types';

export interface RunningSubscription {
  stop(): Promise<void>;
}

/** Positions written per Redis call at most. */
const BATCH_MAX = 500;

/**
 * `tracking.position` (live, core NATS) → delivery's courier-position projection for candidate search.
 * Nothing is acked or retried: a lost or bad report is superseded by the courier's next one (~5 s).
 *
 * One write at a time: what arrives while a write is under way waits for it and goes in the next one,
 * newest per courier only (the projection keeps nothing else). At a trickle that is one write per
 * report, as soon as it arrives; at thousands a second it is one Redis call per few hundred reports
 * instead of one each, and the waiting set is bounded by the number of couriers. What was written is
 * passed to `onRecorded` (dispatch wakes the orders awaiting a courier near them).
 */
export function subscribeCourierPositions(
  deps: SubgraphDeps,
  positions: CourierPositionStore,
  onRecorded: (recorded: readonly CourierPositionRecord[]) => void = () => {},
): RunningSubscription {
  const subscription = deps.nats.subscribe(deps.events.liveSubject(SUBJECTS.trackingPosition));
  let waiting = new Map<string, CourierPositionRecord>();
  let writing: Promise<void> | null = null;

  const write = async (): Promise<void> => {
    while (waiting.size > 0) {
      const batch = [...waiting.values()];
      waiting = new Map();
      for (let i = 0; i < batch.length; i += BATCH_MAX) {
        try {
          const slice = batch.slice(i, i + BATCH_MAX);
          await positions.recordMany(slice);
          onRecorded(slice);
        } catch (error) {
          deps.log.warn({ err: error, positions: Math.min(BATCH_MAX, batch.length - i) }, 'could not record courier positions');
        }
      }
    }
  };
  // Started again when it ends, for whatever arrived between its last look and its end.
  const kick = (): void => {
    if (writing || waiting.size === 0) return;
    writing = write().finally(() => {
      writing = null;
      kick();
    });
  };
  const enqueue = (position: CourierPositionRecord) => {
    const held = waiting.get(position.courierId);
    if (!held || held.recordedAt.getTime() < position.recordedAt.getTime()) waiting.set(position.courierId, position);
    kick();
  };

  const loop = (async () => {
    for await (const message of subscription) {
      try {
        const parsed = contractOf(SUBJECTS.trackingPosition).schema.safeParse(message.json());
        if (!parsed.success) {
          deps.log.debug({ issues: parsed.error.issues }, 'ignored a malformed courier position');
          continue;
        }
        const { courierId, lat, lng, recordedAt } = parsed.data;
        enqueue({ courierId, lat, lng, recordedAt: new Date(recordedAt) });
      } catch (error) {
        deps.log.warn({ err: error }, 'could not read a courier position');
      }
    }
  })();
  return {
    stop: async () => {
      await subscription.drain();
      await loop;
      while (writing) await writing;
    },
  };
}
