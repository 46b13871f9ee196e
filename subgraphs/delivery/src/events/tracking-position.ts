import { contractOf, eventsOfMessage, SUBJECTS, type SubgraphDeps } from '@qc/shared';
import type { CourierPositionStore } from '../data';
import type { CourierPositionRecord } from '../data/types';

export interface RunningSubscription {
  stop(): Promise<void>;
}

/** Positions written per Redis call at most. */
const BATCH_MAX = 500;

/**
 * The least time between the starts of two writes. A courier reports every few seconds and dispatch
 * takes any position up to `positionMaxAgeMs` old, so holding one for a tenth of a second changes no
 * choice; it turns hundreds of one-position Redis calls a second into a few.
 */
export const WRITE_SPACING_MS = 100;

/**
 * `tracking.position` (live, core NATS) → delivery's courier-position projection for candidate search.
 * Nothing is acked or retried: a lost or bad report is superseded by the courier's next one (~5 s).
 *
 * One write at a time, and writes start at least `spacingMs` apart: what arrives meanwhile waits and
 * goes in the next write, newest per courier only (the projection keeps nothing else). A position after
 * a quiet spell is written as soon as it arrives; a steady stream (thousands a second) is one Redis call
 * per `spacingMs` instead of one per report or two — a write's round trip is short, so writing whatever
 * arrived during the previous one still meant a call for nearly every report. The waiting set is
 * bounded by the number of couriers. Stopping writes what is waiting at once. What was written is
 * passed to `onRecorded` (dispatch wakes the orders awaiting a courier near them).
 */
export function subscribeCourierPositions(
  deps: SubgraphDeps,
  positions: CourierPositionStore,
  onRecorded: (recorded: readonly CourierPositionRecord[]) => void = () => {},
  spacingMs = WRITE_SPACING_MS,
): RunningSubscription {
  const subscription = deps.nats.subscribe(deps.events.liveSubject(SUBJECTS.trackingPosition));
  let waiting = new Map<string, CourierPositionRecord>();
  let writing: Promise<void> | null = null;
  let lastStart = -Infinity;
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;

  const write = async (): Promise<void> => {
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
  };
  // Started again when a write ends or the spacing has passed, for whatever arrived meanwhile.
  const kick = (): void => {
    if (writing || timer || waiting.size === 0) return;
    const wait = stopping ? 0 : lastStart + spacingMs - performance.now();
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = null;
        kick();
      }, wait);
      return;
    }
    lastStart = performance.now();
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

  const contract = contractOf(SUBJECTS.trackingPosition);
  const loop = (async () => {
    for await (const message of subscription) {
      try {
        // A message may be a pack of the positions tracking published within its spacing (see
        // `EventBus.publishLive`): each is read as if it had come alone, a malformed one is passed over.
        const events = eventsOfMessage(message);
        if (!events) {
          deps.log.warn('could not read a courier position: not JSON');
          continue;
        }
        for (const event of events) {
          const parsed = contract.schema.safeParse(event);
          if (!parsed.success) {
            deps.log.debug({ issues: parsed.error.issues }, 'ignored a malformed courier position');
            continue;
          }
          const { courierId, lat, lng, recordedAt } = parsed.data;
          enqueue({ courierId, lat, lng, recordedAt: new Date(recordedAt) });
        }
      } catch (error) {
        deps.log.warn({ err: error }, 'could not read a courier position');
      }
    }
  })();
  return {
    stop: async () => {
      await subscription.drain();
      await loop;
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      kick();
      while (writing) await writing;
    },
  };
}
