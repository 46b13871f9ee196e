import type { CustomerResolvers } from '../__generated__/resolvers-types';
import { assertCanSeeCustomer } from '../domain/access';
import { customerOrders } from './OrderConnection';

export const Customer: CustomerResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.customer.load(ref.id),
  orders: (customer, args, ctx) => {
    assertCanSeeCustomer(ctx.identity, customer.id);
    return customerOrders(ctx, customer.id, args);
  },
};
