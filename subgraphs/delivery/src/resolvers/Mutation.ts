import type { MutationResolvers } from '../__generated__/resolvers-types';
import { actingCourier } from '../policy';

/** Courier actions: the policy lets couriers only through, and each acts as themselves only. */
export const Mutation: MutationResolvers = {
  setCourierStatus: (_parent, { status }, ctx) => ctx.dispatch.setCourierStatus(actingCourier(ctx), status),
  acceptOffer: (_parent, { offerId }, ctx) => ctx.dispatch.acceptOffer(actingCourier(ctx), offerId),
  declineOffer: (_parent, { offerId }, ctx) => ctx.dispatch.declineOffer(actingCourier(ctx), offerId),
  confirmPickup: (_parent, { orderId }, ctx) => ctx.dispatch.confirmPickup(actingCourier(ctx), orderId),
  confirmDelivery: (_parent, { orderId, proof }, ctx) => ctx.dispatch.confirmDelivery(actingCourier(ctx), orderId, proof),
};
