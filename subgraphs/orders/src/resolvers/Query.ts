import type { QueryResolvers } from '../__generated__/resolvers-types';
import { ownCustomerId } from '../domain/access';
import { operationsSummary, summaryWindows } from '../domain/operations-summary';
import { customerOrders } from './OrderConnection';

/** Who may call each field, and see each order, is the policy's (`src/policy.ts`). */
export const Query: QueryResolvers = {
  order: (_parent, { id }, ctx) => ctx.loaders.order.load(id),
  myOrders: (_parent, args, ctx) => customerOrders(ctx, ownCustomerId(ctx.identity)!, args),
  me: (_parent, _args, ctx) => {
    const customerId = ownCustomerId(ctx.identity);
    return customerId ? ctx.loaders.customer.load(customerId) : null;
  },
  operationsSummary: async (_parent, _args, ctx) => {
    const now = new Date();
    const { recentSince, daySince } = summaryWindows(now);
    return operationsSummary(await ctx.repos.orders.activitySince(recentSince, daySince), now);
  },
};
