import type { Knex, Logger, OutboxRelay, ServiceMetrics } from '@qc/shared';
import type { StoreLocator } from '../data/clients/stores';
import type { DispatchSettings } from '../config';
import type { CourierPositionStore, CourierRecord, CourierStatus, GeoPoint, OfferRecord, ReportedPosition, StoredDeliveryRecord } from '../data';
import { cancelOrder } from './cancellation';
import { CourierActions, type CourierOutcome } from './courier-actions';
import { Dispatcher, type DispatchOutcome } from './dispatcher';

export type { DispatchOutcome } from './dispatcher';
export type { CourierOutcome, CourierRefusalKind } from './courier-actions';

/** Everything dispatch talks to; built once per process by `createDispatch`. */
export interface DispatchDeps {
  db: Knex;
  log: Logger;
  relay: OutboxRelay;
  positions: CourierPositionStore;
  stores: StoreLocator;
  settings: DispatchSettings;
  /** Asks the dispatcher loop for a run now (after a change that may make an order due). */
  wake: () => void;
  /** Asks the offer-sweeper loop for a run now (a new offer may expire before the sweeper would look). */
  offered: () => void;
  /** Where courier assignment times are observed (the SLO: p99 < 10 s from packed to assigned). */
  metrics?: ServiceMetrics;
}

/**
 * Courier dispatch: finding the best courier for an order at the right moment (`Dispatcher`), offers
 * and their answers and the delivery's steps after that (`CourierActions`), and undoing it all when an
 * order is cancelled (`cancelOrder`). Invariants are the database's (partial unique indexes and
 * compare-and-set updates); every use case that touches an order's offers or delivery locks its
 * dispatch job first, so concurrent ones queue on one row instead of deadlocking. Every event goes
 * through the outbox in the transaction of its change.
 */
export class Dispatch {
  private readonly dispatcher: Dispatcher;
  private readonly courier: CourierActions;

  constructor(private readonly deps: DispatchDeps) {
    this.dispatcher = new Dispatcher(deps);
    this.courier = new CourierActions(deps, this.dispatcher);
  }

  /** Asks the dispatcher loop for a run now; consumers call it after committing an order that may be due. */
  wake(): void {
    this.deps.wake();
  }

  /** Where the store is, if this process already knows (no call to availability); see `StoreLocator.known`. */
  knownStoreLocation(storeId: string): GeoPoint | null {
    return this.deps.stores.known(storeId);
  }

  setCourierStatus(courierId: string, status: CourierStatus): Promise<CourierOutcome<CourierRecord>> {
    return this.courier.setCourierStatus(courierId, status);
  }

  acceptOffer(courierId: string, offerId: string): Promise<CourierOutcome<StoredDeliveryRecord>> {
    return this.courier.acceptOffer(courierId, offerId);
  }

  declineOffer(courierId: string, offerId: string): Promise<CourierOutcome<OfferRecord>> {
    return this.courier.declineOffer(courierId, offerId);
  }

  confirmPickup(courierId: string, orderId: string): Promise<CourierOutcome<StoredDeliveryRecord>> {
    return this.courier.confirmPickup(courierId, orderId);
  }

  confirmDelivery(courierId: string, orderId: string, proof: string): Promise<CourierOutcome<StoredDeliveryRecord>> {
    return this.courier.confirmDelivery(courierId, orderId, proof);
  }

  dispatchDue(): Promise<boolean | { nextInMs: number }> {
    return this.dispatcher.dispatchDue();
  }

  dispatchOrder(orderId: string): Promise<DispatchOutcome> {
    return this.dispatcher.dispatchOrder(orderId);
  }

  expireOffers(): Promise<boolean | { nextInMs: number }> {
    return this.dispatcher.expireOffers();
  }

  /** Positions the projection recorded; see `Dispatcher.wakeAwaiting`. */
  couriersReported(positions: readonly ReportedPosition[]): void {
    this.dispatcher.couriersReported(positions);
  }

  wakeAwaiting(): Promise<void> {
    return this.dispatcher.wakeAwaiting();
  }

  /** Runs in the consumer's transaction; see `cancelOrder`. */
  cancelOrder(trx: Knex, orderId: string): Promise<void> {
    return cancelOrder(trx, orderId, this.deps.log);
  }
}
