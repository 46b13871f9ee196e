import type { MutationResolvers } from '../__generated__/resolvers-types';

export const Mutation: MutationResolvers = {
  adjustStock: (_parent, { input }, ctx) => ctx.useCases.inventory.adjustStock(ctx.identity, input),
  reserveStock: (_parent, { input }, ctx) => ctx.useCases.reservations.reserve(ctx.identity, input, ctx.now),
  releaseReservation: (_parent, { orderId, reason }, ctx) => ctx.useCases.reservations.release(ctx.identity, orderId, reason),
  confirmReservation: (_parent, { orderId }, ctx) => ctx.useCases.reservations.confirm(ctx.identity, orderId),
  confirmReservations: (_parent, { orderIds }, ctx) => ctx.useCases.reservations.confirmOrders(ctx.identity, orderIds),
};
