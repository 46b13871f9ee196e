import { OutboxRelay, ServiceClient, type SubgraphDeps } from '@qc/shared';
import { AvailabilityClient } from '../data/clients/availability';
import { CatalogClient } from '../data/clients/catalog';
import type { OrderingSettings } from '../config';
import { PaymentService, SimulatedPaymentProvider, type PaymentProvider } from '../data/payment-provider';
import { Ordering } from './ordering';

export { Ordering, ORDERS_ACTOR, type OrderingDeps } from './ordering';

/**
 * Wires the ordering path for one process: signed clients for catalog and availability (as the
 * `orders` service identity), the payment provider behind its breaker, and the outbox relay that
 * `startWorkers` runs. A test may pass its own provider to script it.
 */
export function createOrdering(deps: SubgraphDeps, hmacSecret: string, settings: OrderingSettings, provider?: PaymentProvider): Ordering {
  const payments = new PaymentService(
    provider ?? new SimulatedPaymentProvider({ latencyMs: settings.payment.latencyMs, outage: settings.payment.outage }),
    settings.payment.breaker,
    deps.log.child({ component: 'payments' }),
  );
  const breakerStates = { closed: 0, halfOpen: 1, open: 2 } as const;
  deps.events.metrics.sampled(
    { name: 'payment_breaker_state', help: 'The payment breaker: 0 closed (calls pass), 1 half-open (one trial call), 2 open (failing fast)', labelNames: ['provider'] },
    'payments',
    (gauge) => gauge.set({ provider: payments.provider.name }, breakerStates[payments.state]),
  );
  return new Ordering({
    db: deps.db,
    log: deps.log.child({ component: 'ordering' }),
    relay: new OutboxRelay(deps.db, deps.events, deps.log.child({ component: 'outbox' })),
    payments,
    catalog: new CatalogClient(new ServiceClient(settings.catalogUrl, hmacSecret, 'orders', settings.serviceTimeoutMs)),
    availability: new AvailabilityClient(new ServiceClient(settings.availabilityUrl, hmacSecret, 'orders', settings.serviceTimeoutMs)),
    reservationTtlSeconds: settings.reservationTtlSeconds,
    idempotencyLeaseMs: settings.idempotencyLeaseMs,
    idempotencyWaitMs: settings.idempotencyWaitMs,
  });
}
