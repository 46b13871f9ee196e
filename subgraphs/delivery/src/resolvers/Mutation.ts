import { valueOrThrow } from '@qc/shared';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import { actingCourier } from '../policy';
import { toAcceptResult, toDeclineResult, toDeliverResult, toPickUpResult, toStatusResult } from './CourierResult';

/**
 * Courier actions: the policy lets couriers only through, and each acts as themselves only. Refusals
 * are results; the deprecated fields throw them as their old error codes.
 */
export const Mutation: MutationResolvers = {
  changeCourierStatus: async (_parent, { status }, ctx) => toStatusResult(await ctx.useCases.dispatch.setCourierStatus(actingCourier(ctx), status), actingCourier(ctx)),
  acceptDeliveryOffer: async (_parent, { offerId }, ctx) => toAcceptResult(await ctx.useCases.dispatch.acceptOffer(actingCourier(ctx), offerId), offerId),
  declineDeliveryOffer: async (_parent, { offerId }, ctx) => toDeclineResult(await ctx.useCases.dispatch.declineOffer(actingCourier(ctx), offerId), offerId),
  pickUpOrder: async (_parent, { orderId }, ctx) => toPickUpResult(await ctx.useCases.dispatch.confirmPickup(actingCourier(ctx), orderId), orderId),
  deliverOrder: async (_parent, { orderId, proof }, ctx) => toDeliverResult(await ctx.useCases.dispatch.confirmDelivery(actingCourier(ctx), orderId, proof), orderId),
  setCourierStatus: async (_parent, { status }, ctx) => valueOrThrow(await ctx.useCases.dispatch.setCourierStatus(actingCourier(ctx), status)),
  acceptOffer: async (_parent, { offerId }, ctx) => valueOrThrow(await ctx.useCases.dispatch.acceptOffer(actingCourier(ctx), offerId)),
  declineOffer: async (_parent, { offerId }, ctx) => valueOrThrow(await ctx.useCases.dispatch.declineOffer(actingCourier(ctx), offerId)),
  confirmPickup: async (_parent, { orderId }, ctx) => valueOrThrow(await ctx.useCases.dispatch.confirmPickup(actingCourier(ctx), orderId)),
  confirmDelivery: async (_parent, { orderId, proof }, ctx) => valueOrThrow(await ctx.useCases.dispatch.confirmDelivery(actingCourier(ctx), orderId, proof)),
};
