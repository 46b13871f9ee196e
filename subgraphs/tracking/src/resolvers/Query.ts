import type { QueryResolvers } from '../__generated__/resolvers-types';
import { courierPositionAccess, enforce } from '../domain/access';

export const Query: QueryResolvers = {
  courierPosition: (_parent, { courierId }, ctx) => {
    enforce(courierPositionAccess(ctx.identity, courierId));
    return ctx.loaders.position.load(courierId);
  },
};
