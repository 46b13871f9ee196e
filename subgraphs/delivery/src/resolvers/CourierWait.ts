import type { CourierWaitResolvers } from '../__generated__/resolvers-types';

/** A waiting job has its store (the dispatcher only offers once it knows it); when it became due is the earliest stamp it has. */
export const CourierWait: CourierWaitResolvers = {
  order: (job) => ({ id: job.orderId }),
  store: (job) => ({ id: job.storeId! }),
  offered: (job) => job.status === 'OFFERED',
  waitingSince: (job) => job.dueSince ?? job.packedAt ?? job.createdAt,
};
