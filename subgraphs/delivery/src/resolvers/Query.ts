import { badInput } from '@qc/shared';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { adminAccess, courierAccess, deliveryAccess, deliveryLookupAccess, enforce, requireCourier } from '../domain/access';

/** Bounds of `escalatedDeliveries(first:)`. */
const MAX_ESCALATIONS = 200;

export const Query: QueryResolvers = {
  courier: (_parent, { id }, ctx) => {
    // Decided before the lookup, so a refused caller cannot tell a real id from an unknown one.
    enforce(courierAccess(ctx.identity, id), 'Only the courier themselves and admins can see a courier');
    return ctx.loaders.courier.load(id);
  },

  delivery: async (_parent, { id }, ctx) => {
    enforce(deliveryLookupAccess(ctx.identity), 'Only the assigned courier and admins can see a delivery');
    const delivery = await ctx.loaders.delivery.load(id);
    if (!delivery) return null;
    enforce(deliveryAccess(ctx.identity, delivery), 'Only the assigned courier and admins can see a delivery');
    return delivery;
  },

  myOffers: (_parent, _args, ctx) => ctx.repos.offers.findPendingByCourier(requireCourier(ctx.identity)),

  escalatedDeliveries: (_parent, { first }, ctx) => {
    enforce(adminAccess(ctx.identity), 'Only admins can see escalated deliveries');
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ESCALATIONS) throw badInput(`first must be 1–${MAX_ESCALATIONS}`, 'first');
    return ctx.repos.dispatchJobs.findEscalated(limit);
  },
};
