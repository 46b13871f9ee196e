import { badInput } from '@qc/shared';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { actingCourier } from '../policy';

/** Bounds of `escalatedDeliveries(first:)`. */
const MAX_ESCALATIONS = 200;

/** Who may call each field, and see each delivery, is the policy's (`src/policy.ts`). */
export const Query: QueryResolvers = {
  courier: (_parent, { id }, ctx) => ctx.loaders.courier.load(id),
  delivery: (_parent, { id }, ctx) => ctx.loaders.delivery.load(id),
  myOffers: (_parent, _args, ctx) => ctx.repos.offers.findPendingByCourier(actingCourier(ctx)),
  escalatedDeliveries: (_parent, { first }, ctx) => {
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ESCALATIONS) throw badInput(`first must be 1–${MAX_ESCALATIONS}`, 'first');
    return ctx.repos.dispatchJobs.findEscalated(limit);
  },
};
