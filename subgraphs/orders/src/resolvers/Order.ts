import type { OrderResolvers } from '../__generated__/resolvers-types';

export const Order: OrderResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.order.load(ref.id),
  customer: async (order, _args, ctx) => {
    const customer = await ctx.loaders.customer.load(order.customerId);
    // The foreign key makes a missing customer impossible short of a broken database.
    if (!customer) throw new Error(`order ${order.id} has no customer ${order.customerId}`);
    return customer;
  },
  items: (order, _args, ctx) => ctx.loaders.orderItems.load(order.id),
  total: (order) => ({ amountCents: order.totalCents, currency: order.currency }),
  store: (order) => (order.storeId ? { id: order.storeId } : null),
  deliveryAddress: (order) => order.address,
  history: (order, _args, ctx) => ctx.loaders.orderHistory.load(order.id),
};
