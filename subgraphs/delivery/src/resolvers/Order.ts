import type { OrderResolvers } from '../__generated__/resolvers-types';

/**
 * No access rule here: an Order reaches this subgraph only from the orders subgraph, which already
 * decided the caller may see that order.
 */
export const Order: OrderResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  delivery: (order, _args, ctx) => ctx.loaders.deliveryOfOrder.load(order.id),
};
