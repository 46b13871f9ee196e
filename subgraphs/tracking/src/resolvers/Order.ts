import type { OrderResolvers } from '../__generated__/resolvers-types';

export const Order: OrderResolvers = {
  // Orders owns orders and decides who reaches one; tracking answers the ETA of whatever id it is given.
  __resolveReference: (ref) => ({ id: ref.id }),
  eta: (order, _args, ctx) => ctx.loaders.eta.load(order.id),
};
