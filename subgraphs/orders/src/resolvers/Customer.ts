import type { CustomerResolvers } from '../__generated__/resolvers-types';
import { customerOrders } from './OrderConnection';

export const Customer: CustomerResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.customer.load(ref.id),
  orders: (customer, args, ctx) => customerOrders(ctx, customer.id, args),
};
