import type { CourierResolvers } from '../__generated__/resolvers-types';

export const Courier: CourierResolvers = {
  // Delivery owns couriers, so every id is taken as given; who sees the position is the policy's.
  __resolveReference: (ref) => ({ id: ref.id }),
  position: (courier, _args, ctx) => ctx.loaders.position.load(courier.id),
};
