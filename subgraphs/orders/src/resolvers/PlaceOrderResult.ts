import type { CancelOrderResultResolvers, PlaceOrderResultResolvers, ResolversTypes } from '../__generated__/resolvers-types';
import type { Context } from '../context';
import type { OrderRecord } from '../data';
import type { PlacementOutcome } from '../domain/placement-outcome';

export const PlaceOrderResult: PlaceOrderResultResolvers = {
  __resolveType: (result) => result.__typename,
};

export const CancelOrderResult: CancelOrderResultResolvers = {
  __resolveType: (result) => result.__typename,
};

async function loadOrder(ctx: Context, orderId: string): Promise<OrderRecord> {
  const order = await ctx.loaders.order.load(orderId);
  // The outcome is committed with the order in one transaction: a missing order is a broken database.
  if (!order) throw new Error(`placement outcome names order ${orderId}, which does not exist`);
  return order;
}

/** The GraphQL result of a placement outcome, with the order as it is now. */
export async function toPlaceOrderResult(ctx: Context, outcome: PlacementOutcome): Promise<ResolversTypes['PlaceOrderResult']> {
  switch (outcome.kind) {
    case 'placed':
      return { __typename: 'OrderPlaced', order: await loadOrder(ctx, outcome.orderId) };
    case 'rejected':
      return { __typename: 'OutOfStock', order: await loadOrder(ctx, outcome.orderId), items: outcome.items };
    case 'declined':
      return { __typename: 'PaymentDeclined', order: await loadOrder(ctx, outcome.orderId), reason: outcome.reason };
    case 'not_deliverable':
      return { __typename: 'NotDeliverable', reason: outcome.reason };
    case 'invalid':
      return { __typename: 'InvalidOrderInput', message: outcome.message, problems: outcome.problems };
  }
}
