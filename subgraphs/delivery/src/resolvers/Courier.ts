import type { CourierResolvers } from '../__generated__/resolvers-types';

/**
 * No access rule on references: a Courier reaches this subgraph from another subgraph's field
 * (an order's delivery, a position), which already decided the caller may see it.
 */
export const Courier: CourierResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.courier.load(ref.id),
  homeStore: (courier) => (courier.homeStoreId ? { id: courier.homeStoreId } : null),
};
