import type { MutationResolvers } from '../__generated__/resolvers-types';
import { requireCourier } from '../domain/access';

/** Courier actions: the caller must be a courier, and acts as themselves only. */
export const Mutation: MutationResolvers = {
  setCourierStatus: (_parent, { status }, ctx) => ctx.dispatch.setCourierStatus(requireCourier(ctx.identity), status),
  acceptOffer: (_parent, { offerId }, ctx) => ctx.dispatch.acceptOffer(requireCourier(ctx.identity), offerId),
  declineOffer: (_parent, { offerId }, ctx) => ctx.dispatch.declineOffer(requireCourier(ctx.identity), offerId),
  confirmPickup: (_parent, { orderId }, ctx) => ctx.dispatch.confirmPickup(requireCourier(ctx.identity), orderId),
  confirmDelivery: (_parent, { orderId, proof }, ctx) => ctx.dispatch.confirmDelivery(requireCourier(ctx.identity), orderId, proof),
};
