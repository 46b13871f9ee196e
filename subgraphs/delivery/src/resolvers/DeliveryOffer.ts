import type { DeliveryOfferResolvers } from '../__generated__/resolvers-types';

/** An offer is for its courier only (`src/policy.ts`); its order is orders' to guard (not before assignment). */
export const DeliveryOffer: DeliveryOfferResolvers = {
  order: (offer) => ({ id: offer.orderId }),
  delivery: async (offer, _args, ctx) => (await ctx.loaders.delivery.load(offer.deliveryId))!,
  store: (offer) => ({ id: offer.storeId }),
  pickupLocation: (offer) => offer.storeLocation,
  dropoffLocation: (offer) => offer.dropoffLocation,
  etaToStoreSeconds: (offer) => offer.etaSeconds,
};
