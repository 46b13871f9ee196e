import type { QueryResolvers } from '../__generated__/resolvers-types';
import { courierAccess, deliveryAccess, deliveryLookupAccess, enforce } from '../domain/access';

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
};
