import type { QueryResolvers } from '../__generated__/resolvers-types';
import { assertCanSeeOrder, ownCustomerId, requireCustomer, requireIdentity } from '../domain/access';
import { customerOrders } from './OrderConnection';

export const Query: QueryResolvers = {
  order: async (_parent, { id }, ctx) => {
    requireIdentity(ctx.identity);
    const order = await ctx.loaders.order.load(id);
    if (!order) return null;
    assertCanSeeOrder(ctx.identity, order);
    return order;
  },

  myOrders: (_parent, args, ctx) => customerOrders(ctx, requireCustomer(ctx.identity), args),

  me: (_parent, _args, ctx) => {
    const customerId = ownCustomerId(requireIdentity(ctx.identity));
    return customerId ? ctx.loaders.customer.load(customerId) : null;
  },
};
