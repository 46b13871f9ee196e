import type { MutationResolvers } from '../__generated__/resolvers-types';

export const Mutation: MutationResolvers = {
  startPicking: (_parent, { orderId }, ctx) => ctx.useCases.picking.startPicking(ctx.identity, orderId),
  markItemMissing: (_parent, { orderId, productId, quantity }, ctx) => ctx.useCases.picking.markItemMissing(ctx.identity, orderId, productId, quantity),
  markPacked: (_parent, { orderId }, ctx) => ctx.useCases.picking.markPacked(ctx.identity, orderId),
};
