import type { MutationResolvers } from '../__generated__/resolvers-types';
import { actingCourier } from '../policy';

/** Courier actions: the policy lets couriers only through, and each acts as themselves only. */
export const Mutation: MutationResolvers = {
  setCourierStatus: (_parent, { status }, ctx) => ctx.useCases.dispatch.setCourierStatus(actingCourier(ctx), status),
  acceptOffer: (_parent, { offerId }, ctx) => ctx.useCases.dispatch.acceptOffer(actingCourier(ctx), offerId),
  declineOffer: (_parent, { offerId }, ctx) => ctx.useCases.dispatch.declineOffer(actingCourier(ctx), offerId),
  confirmPickup: (_parent, { orderId }, ctx) => ctx.useCases.dispatch.confirmPickup(actingCourier(ctx), orderId),
  confirmDelivery: (_parent, { orderId, proof }, ctx) => ctx.useCases.dispatch.confirmDelivery(actingCourier(ctx), orderId, proof),
};
