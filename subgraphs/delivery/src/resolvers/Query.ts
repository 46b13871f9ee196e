import { badInput } from '@qc/shared';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import type { CourierStatus } from '../data';
import { actingCourier } from '../policy';

/** Bounds of `escalatedDeliveries(first:)` and `ordersAwaitingCourier(first:)`. */
const MAX_ESCALATIONS = 200;
/** Bound of `couriers(first:)`. */
const MAX_COURIERS = 500;
/** Who `couriers` lists when no status is named: everyone working. */
const ONLINE: CourierStatus[] = ['IDLE', 'OFFERED', 'BUSY'];

const pageSize = (first: number | null | undefined, fallback: number, max: number): number => {
  const limit = first ?? fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw badInput(`first must be 1–${max}`, 'first');
  return limit;
};

/** Who may call each field, and see each delivery, is the policy's (`src/policy.ts`). */
export const Query: QueryResolvers = {
  courier: (_parent, { id }, ctx) => ctx.loaders.courier.load(id),
  delivery: (_parent, { id }, ctx) => ctx.loaders.delivery.load(id),
  myOffers: (_parent, _args, ctx) => ctx.repos.offers.findPendingByCourier(actingCourier(ctx)),
  escalatedDeliveries: (_parent, { first }, ctx) => ctx.repos.dispatchJobs.findEscalated(pageSize(first, 50, MAX_ESCALATIONS)),
  couriers: (_parent, { statuses, first }, ctx) => ctx.repos.couriers.findByStatuses(statuses ?? ONLINE, pageSize(first, 200, MAX_COURIERS)),
  ordersAwaitingCourier: (_parent, { first }, ctx) => ctx.repos.dispatchJobs.findAwaitingCourier(pageSize(first, 50, MAX_ESCALATIONS)),
};
