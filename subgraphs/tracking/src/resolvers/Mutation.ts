import type { MutationResolvers } from '../__generated__/resolvers-types';
import { enforce, reportLocationAccess } from '../domain/access';

export const Mutation: MutationResolvers = {
  reportLocation: (_parent, { input }, ctx) => {
    const { decision, courierId } = reportLocationAccess(ctx.identity);
    enforce(decision);
    return ctx.services.ingestion.report(courierId!, input, ctx.now);
  },
};
