import { createSubgraphServer, loadTypeDefs, type SubgraphDeps, type SubgraphServer } from '@qc/shared';
import { orderingSettings, type OrderingSettings } from './config';
import { createContext } from './context';
import { createOrdering, type Ordering } from './app';
import type { PaymentProvider } from './data/payment-provider';
import { policy } from './policy';
import { resolvers } from './resolvers';
import { startWorkers, type WorkerOptions } from './app/workers';

export const typeDefs = loadTypeDefs(`${__dirname}/..`);

export interface OrdersServerOptions {
  /** Settings to use instead of the environment's (tests point catalog and availability elsewhere). */
  settings?: Partial<OrderingSettings>;
  /** A payment provider instead of the simulated one from the settings. */
  paymentProvider?: PaymentProvider;
}

/** The orders server and its ordering runtime (outbox relay, payments), which its workers share. */
export interface OrdersServer extends SubgraphServer {
  ordering: Ordering;
  startWorkers(opts?: WorkerOptions): Promise<() => Promise<void>>;
}

/** Builds the orders subgraph on the given connections; tests call this with their own. */
export async function buildServer(deps: SubgraphDeps, hmacSecret: string, options: OrdersServerOptions = {}): Promise<OrdersServer> {
  const settings = { ...orderingSettings(), ...options.settings };
  const ordering = createOrdering(deps, hmacSecret, settings, options.paymentProvider);
  const server = await createSubgraphServer({
    name: 'orders',
    typeDefs,
    resolvers,
    policy,
    deps,
    hmacSecret,
    context: (caller) => createContext(deps, caller, ordering),
  });
  return {
    ...server,
    ordering,
    startWorkers: (opts) => startWorkers(deps, ordering, opts),
    stop: async () => {
      await server.stop();
      ordering.deps.payments.shutdown();
    },
  };
}
