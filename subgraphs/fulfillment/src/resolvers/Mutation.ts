import { valueOrThrow } from '@qc/shared';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import { toBeginPickingResult, toPackOrderResult, toReportItemMissingResult } from './PickTaskResult';

/** Staff steps: refusals are results; the deprecated fields throw them as their old error codes. */
export const Mutation: MutationResolvers = {
  beginPicking: async (_parent, { orderId }, ctx) => toBeginPickingResult(await ctx.useCases.picking.startPicking(ctx.identity, orderId), orderId),
  reportItemMissing: async (_parent, { orderId, productId, quantity }, ctx) =>
    toReportItemMissingResult(await ctx.useCases.picking.markItemMissing(ctx.identity, orderId, productId, quantity), orderId),
  packOrder: async (_parent, { orderId }, ctx) => toPackOrderResult(await ctx.useCases.picking.markPacked(ctx.identity, orderId), orderId),
  startPicking: async (_parent, { orderId }, ctx) => valueOrThrow(await ctx.useCases.picking.startPicking(ctx.identity, orderId)),
  markItemMissing: async (_parent, { orderId, productId, quantity }, ctx) =>
    valueOrThrow(await ctx.useCases.picking.markItemMissing(ctx.identity, orderId, productId, quantity)),
  markPacked: async (_parent, { orderId }, ctx) => valueOrThrow(await ctx.useCases.picking.markPacked(ctx.identity, orderId)),
};
