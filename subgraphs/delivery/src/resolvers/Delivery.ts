import type { DeliveryResolvers } from '../__generated__/resolvers-types';

/** Like Courier, references are trusted: the referencing subgraph checked the caller. */
export const Delivery: DeliveryResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.delivery.load(ref.id),
  order: (delivery) => ({ id: delivery.orderId }),
  courier: (delivery, _args, ctx) => (delivery.courierId ? ctx.loaders.courier.load(delivery.courierId) : null),
};
