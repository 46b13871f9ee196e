import { contractOf, SUBJECTS, type SubgraphDeps } from '@qc/shared';
import type { CourierPositionStore } from '../data';

export interface RunningSubscription {
  stop(): Promise<void>;
}

/**
 * `tracking.position` (live, core NATS) → delivery's courier-position projection for candidate search.
 * Nothing is acked or retried: a lost or bad report is superseded by the courier's next one (~5 s).
 */
export function subscribeCourierPositions(deps: SubgraphDeps, positions: CourierPositionStore): RunningSubscription {
  const subscription = deps.nats.subscribe(deps.events.liveSubject(SUBJECTS.trackingPosition));
  const loop = (async () => {
    for await (const message of subscription) {
      try {
        const parsed = contractOf(SUBJECTS.trackingPosition).schema.safeParse(message.json());
        if (!parsed.success) {
          deps.log.debug({ issues: parsed.error.issues }, 'ignored a malformed courier position');
          continue;
        }
        const { courierId, lat, lng, recordedAt } = parsed.data;
        await positions.record({ courierId, lat, lng, recordedAt: new Date(recordedAt) });
      } catch (error) {
        deps.log.warn({ err: error }, 'could not record a courier position');
      }
    }
  })();
  return {
    stop: async () => {
      await subscription.drain();
      await loop;
    },
  };
}
