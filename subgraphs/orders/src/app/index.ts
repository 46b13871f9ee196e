import { BUSY_RELAY_SPACING_MS, OutboxRelay, ServiceClient, workers, type SubgraphApp, type SubgraphDeps } from '@qc/shared';
import type { Settings } from '../config';
import { AvailabilityClient } from '../data/clients/availability';
import { CatalogClient } from '../data/clients/catalog';
import { PaymentService, SimulatedPaymentProvider } from '../data/payment-provider';
import { ReservationConfirmations } from './confirmations';
import { Ordering } from './ordering';
import { startWorkers } from './workers';

export { Ordering, ORDERS_ACTOR, type OrderingDeps } from './ordering';

/** Orders' use cases; every request and every worker of the process shares them. */
export interface UseCases {
  /** Placing and cancelling orders, and the refunds they owe. */
  ordering: Ordering;
  /** The payment provider behind its breaker (one breaker per process: its state is this process's view). */
  payments: PaymentService;
}

export type App = SubgraphApp<UseCases>;

/**
 * Orders' runtime for one process: signed clients for catalog and availability (as the `orders`
 * service identity), the payment provider behind its breaker, the batched reservation confirmations,
 * and the outbox relay the use cases kick and the workers run. Stopping it stops the workers, sends the
 * confirmations still waiting, then stops the breaker's timers.
 */
export function createApp(deps: SubgraphDeps, settings: Settings): App {
  const payments = new PaymentService(
    settings.paymentProvider ?? new SimulatedPaymentProvider({ latencyMs: settings.payment.latencyMs, outage: settings.payment.outage }),
    settings.payment.breaker,
    deps.log.child({ component: 'payments' }),
  );
  const breakerStates = { closed: 0, halfOpen: 1, open: 2 } as const;
  deps.events.metrics.sampled(
    { name: 'payment_breaker_state', help: 'The payment breaker: 0 closed (calls pass), 1 half-open (one trial call), 2 open (failing fast)', labelNames: ['provider'] },
    'payments',
    (gauge) => gauge.set({ provider: payments.provider.name }, breakerStates[payments.state]),
  );
  const relay = new OutboxRelay(deps.db, deps.events, deps.log.child({ component: 'outbox' }), { kickSpacingMs: BUSY_RELAY_SPACING_MS });
  const availability = new AvailabilityClient(new ServiceClient(settings.availabilityUrl, settings.hmacSecret, 'orders', settings.serviceTimeoutMs));
  const confirmations = new ReservationConfirmations((orderIds) => availability.confirmMany(orderIds), deps.log.child({ component: 'ordering' }), settings.confirmBatchMs);
  const ordering = new Ordering({
    db: deps.db,
    log: deps.log.child({ component: 'ordering' }),
    relay,
    payments,
    catalog: new CatalogClient(new ServiceClient(settings.catalogUrl, settings.hmacSecret, 'orders', settings.serviceTimeoutMs)),
    availability,
    confirmations,
    reservationTtlSeconds: settings.reservationTtlSeconds,
    idempotencyLeaseMs: settings.idempotencyLeaseMs,
    idempotencyWaitMs: settings.idempotencyWaitMs,
  });
  const useCases: UseCases = { ordering, payments };
  const background = workers(() => startWorkers(deps, useCases, relay, settings));
  return {
    useCases,
    workers: background,
    stop: async () => {
      await background.stop();
      await confirmations.stop();
      payments.shutdown();
    },
  };
}
