import { courierIdOf } from '@qc/shared';
import type { MutationResolvers } from '../__generated__/resolvers-types';

/** The policy lets couriers only through (`src/policy.ts`); each reports for themselves. */
export const Mutation: MutationResolvers = {
  // Records the request's signature in the ingest script itself (the server's `replayClaimedBy`).
  reportLocation: (_parent, { input }, ctx) => ctx.useCases.ingestion.report(courierIdOf(ctx.identity)!, input, ctx.now, ctx.replay),
};
