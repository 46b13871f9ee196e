import { courierIdOf } from '@qc/shared';
import type { MutationResolvers } from '../__generated__/resolvers-types';

/** The policy lets couriers only through (`src/policy.ts`); each reports for themselves. */
export const Mutation: MutationResolvers = {
  reportLocation: (_parent, { input }, ctx) => ctx.useCases.ingestion.report(courierIdOf(ctx.identity)!, input, ctx.now),
};
