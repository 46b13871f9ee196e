/** What `currentDelivery` needs of a delivery. */
export interface DatedDelivery {
  id: string;
  status: string;
  createdAt: Date;
}

const newerFirst = (a: DatedDelivery, b: DatedDelivery): number =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The delivery that stands for an order: its live (not FAILED) one, of which the database allows
 * only one; when every attempt failed, the latest failure (by creation time, then id, so the answer
 * is stable). Null when the order has no delivery yet.
 */
export function currentDelivery<D extends DatedDelivery>(deliveries: readonly D[]): D | null {
  const sorted = [...deliveries].sort(newerFirst);
  return sorted.find((d) => d.status !== 'FAILED') ?? sorted[0] ?? null;
}
