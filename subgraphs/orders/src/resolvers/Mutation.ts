import type { MutationResolvers } from '../__generated__/resolvers-types';
import { cancelReasonProblems } from '../domain/cancel';
import { ownCustomerId, requireIdentity } from '../domain/access';
import { describeProblems } from '../domain/place-order';
import { toPlaceOrderResult } from './PlaceOrderResult';

export const Mutation: MutationResolvers = {
  placeOrder: async (_parent, { input }, ctx) => {
    const customerId = ownCustomerId(ctx.identity)!;
    // Whether the customer has an account here is checked by the key's claim (FORBIDDEN when not).
    const { order, ...outcome } = await ctx.useCases.ordering.placeOrder(customerId, input, ctx.requestId);
    // The order as this placement just committed it: the answer reads it from there, not from Postgres.
    if (order) ctx.loaders.order.prime(order.id, order);
    return toPlaceOrderResult(ctx, outcome);
  },

  cancelOrder: async (_parent, { id, reason }, ctx) => {
    const identity = requireIdentity(ctx.identity);
    const problems = cancelReasonProblems(reason);
    if (problems.length) return { __typename: 'InvalidOrderInput', message: describeProblems(problems), problems };
    const { order, refunded } = await ctx.useCases.ordering.cancelOrder(identity, id, reason, ctx.requestId);
    return { __typename: 'OrderCancelled', order, refunded };
  },
};
