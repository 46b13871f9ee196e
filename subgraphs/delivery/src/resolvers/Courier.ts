import type { CourierResolvers } from '../__generated__/resolvers-types';

/** Access to couriers and their private fields is the policy's (`src/policy.ts`), on every path. */
export const Courier: CourierResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.courier.load(ref.id),
  homeStore: (courier) => (courier.homeStoreId ? { id: courier.homeStoreId } : null),
};
