import type { OrderResolvers } from '../__generated__/resolvers-types';

/** The order's pick task carries its own rule (`src/policy.ts`): its store, its customer and admins. */
export const Order: OrderResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  pickTask: (order, _args, ctx) => ctx.loaders.pickTaskByOrder.load(order.id),
};
