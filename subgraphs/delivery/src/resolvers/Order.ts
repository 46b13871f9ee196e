import type { OrderResolvers } from '../__generated__/resolvers-types';

/** The order's delivery carries its own rule (`src/policy.ts`): its customer, store, courier and admins. */
export const Order: OrderResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  delivery: (order, _args, ctx) => ctx.loaders.deliveryOfOrder.load(order.id),
};
