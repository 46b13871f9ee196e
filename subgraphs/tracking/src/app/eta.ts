import type { DeliveryRepository, PositionRepository } from '../data';
import { computeEta, type EtaRecord } from '../domain/eta';

/** `Order.eta` on demand: the live delivery of each order and its courier's latest position, at `now`. */
export class EtaService {
  constructor(private readonly repos: { deliveries: Pick<DeliveryRepository, 'findActiveByOrderIds'>; positions: Pick<PositionRepository, 'findLatest'> }) {}

  /** The ETA of each order that has one (a live delivery, locations and a courier position), in no particular order. */
  async forOrders(orderIds: readonly string[], now: Date): Promise<EtaRecord[]> {
    const deliveries = await this.repos.deliveries.findActiveByOrderIds(orderIds);
    if (deliveries.length === 0) return [];
    const positions = await this.repos.positions.findLatest([...new Set(deliveries.map((d) => d.courierId))]);
    const byCourier = new Map(positions.map((p) => [p.courierId, p]));
    return deliveries.flatMap((d) => computeEta(d, byCourier.get(d.courierId) ?? null, now) ?? []);
  }
}
