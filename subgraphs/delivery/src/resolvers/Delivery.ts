import type { DeliveryResolvers } from '../__generated__/resolvers-types';

/** Who may see a delivery (its customer, store, courier, admins) is the policy's (`src/policy.ts`), on every path. */
export const Delivery: DeliveryResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.delivery.load(ref.id),
  order: (delivery) => ({ id: delivery.orderId }),
  courier: (delivery, _args, ctx) => (delivery.courierId ? ctx.loaders.courier.load(delivery.courierId) : null),
};
