import type { DeliveryOfferResolvers } from '../__generated__/resolvers-types';

/** An offer is only ever read by its courier (`myOffers`, `declineOffer`), so its fields carry no further check. */
export const DeliveryOffer: DeliveryOfferResolvers = {
  order: (offer) => ({ id: offer.orderId }),
  delivery: async (offer, _args, ctx) => (await ctx.loaders.delivery.load(offer.deliveryId))!,
  store: (offer) => ({ id: offer.storeId }),
  pickupLocation: (offer) => offer.storeLocation,
  dropoffLocation: (offer) => offer.dropoffLocation,
  etaToStoreSeconds: (offer) => offer.etaSeconds,
};
