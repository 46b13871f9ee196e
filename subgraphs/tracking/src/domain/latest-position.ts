import type { PositionRecord } from '../data/types';

/**
 * One position per courier, the most recently recorded (the later one in the batch on a tie), so a
 * batch can be upserted in one statement (Postgres refuses to update a row twice in one INSERT).
 */
export function newestPerCourier(positions: readonly PositionRecord[]): PositionRecord[] {
  const newest = new Map<string, PositionRecord>();
  for (const position of positions) {
    const kept = newest.get(position.courierId);
    if (!kept || position.recordedAt.getTime() >= kept.recordedAt.getTime()) newest.set(position.courierId, position);
  }
  return [...newest.values()];
}
