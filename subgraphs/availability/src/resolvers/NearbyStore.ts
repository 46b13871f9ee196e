import type { NearbyStoreResolvers } from '../__generated__/resolvers-types';

export const NearbyStore: NearbyStoreResolvers = {
  distanceMeters: (nearby) => Math.round(nearby.distanceMeters),
};
