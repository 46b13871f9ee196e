import type { DeliveryEscalationResolvers } from '../__generated__/resolvers-types';

/** Escalated dispatch jobs always carry their (failed) delivery, store and reason: escalation writes them. */
export const DeliveryEscalation: DeliveryEscalationResolvers = {
  delivery: async (job, _args, ctx) => (await ctx.loaders.delivery.load(job.deliveryId!))!,
  order: (job) => ({ id: job.orderId }),
  store: (job) => ({ id: job.storeId! }),
  reason: (job) => job.escalationReason!,
  escalatedAt: (job) => job.escalatedAt!,
};
