import type { QueryResolvers } from '../__generated__/resolvers-types';
import { assertLocation, assertProductIds } from '../domain/location';

export const Query: QueryResolvers = {
  store: (_parent, { id }, ctx) => ctx.loaders.store.load(id),
  stores: (_parent, _args, ctx) => ctx.repos.stores.all(),
  availability: (_parent, { location, productIds }, ctx) => {
    assertLocation(location);
    assertProductIds(productIds);
    return Promise.all(productIds.map((productId) => ctx.loaders.availability.load({ location, productId })));
  },
  storesNear: (_parent, { location }, ctx) => {
    assertLocation(location);
    return ctx.useCases.availability.storesCovering(location);
  },
};
