import type { OrderResolvers } from '../__generated__/resolvers-types';

export const Order: OrderResolvers = {
  // Any id is an order that may have an ETA; who sees it is the policy's (`src/policy.ts`).
  __resolveReference: (ref) => ({ id: ref.id }),
  eta: (order, _args, ctx) => ctx.loaders.eta.load(order.id),
};
