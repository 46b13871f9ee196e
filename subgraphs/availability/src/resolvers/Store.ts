import type { StoreResolvers } from '../__generated__/resolvers-types';
import { isOpenAt } from '../domain/opening-hours';

export const Store: StoreResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.store.load(ref.id),
  location: (store) => ({ lat: store.lat, lng: store.lng }),
  isOpen: (store, _args, ctx) => isOpenAt(store.openingHours, store.timezone, ctx.now),
};
