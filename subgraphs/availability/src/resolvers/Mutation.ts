import type { MutationResolvers } from '../__generated__/resolvers-types';

export const Mutation: MutationResolvers = {
  adjustStock: (_parent, { input }, ctx) => ctx.services.inventory.adjustStock(ctx.identity, input),
  reserveStock: (_parent, { input }, ctx) => ctx.services.reservations.reserve(ctx.identity, input, ctx.now),
  releaseReservation: (_parent, { orderId, reason }, ctx) => ctx.services.reservations.release(ctx.identity, orderId, reason),
  confirmReservation: (_parent, { orderId }, ctx) => ctx.services.reservations.confirm(ctx.identity, orderId),
};
