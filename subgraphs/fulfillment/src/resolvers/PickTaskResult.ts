import type {
  BeginPickingResultResolvers,
  MissingItemRejectedResolvers,
  NothingToPackResolvers,
  PackOrderResultResolvers,
  PickTaskStatusConflictResolvers,
  ReportItemMissingResultResolvers,
} from '../__generated__/resolvers-types';
import type { PickTaskOutcome } from '../app';
import type { Context } from '../context';
import type { PickTaskRecord } from '../data';

/** A staff step's answer; a refusal names the order, and its `task` is read as it is now. */
export type PickTaskResult =
  | { __typename: 'PickTaskUpdated'; task: PickTaskRecord }
  | { __typename: 'PickTaskStatusConflict'; message: string; orderId: string }
  | { __typename: 'MissingItemRejected'; message: string; field: string; orderId: string }
  | { __typename: 'NothingToPack'; message: string; orderId: string };

type Member<N extends PickTaskResult['__typename']> = Extract<PickTaskResult, { __typename: N }>;

const conflict = (message: string, orderId: string): Member<'PickTaskStatusConflict'> => ({ __typename: 'PickTaskStatusConflict', message, orderId });

/** The answer of `beginPicking`: the only refusal is the task's status. */
export function toBeginPickingResult(outcome: PickTaskOutcome, orderId: string): Member<'PickTaskUpdated' | 'PickTaskStatusConflict'> {
  return outcome.ok ? { __typename: 'PickTaskUpdated', task: outcome.value } : conflict(outcome.refusal.message, orderId);
}

/** The answer of `reportItemMissing`. */
export function toReportItemMissingResult(outcome: PickTaskOutcome, orderId: string): Member<'PickTaskUpdated' | 'PickTaskStatusConflict' | 'MissingItemRejected'> {
  if (outcome.ok) return { __typename: 'PickTaskUpdated', task: outcome.value };
  const { kind, message, extensions } = outcome.refusal;
  return kind === 'MISSING_ITEM' ? { __typename: 'MissingItemRejected', message, field: String(extensions?.field), orderId } : conflict(message, orderId);
}

/** The answer of `packOrder`. */
export function toPackOrderResult(outcome: PickTaskOutcome, orderId: string): Member<'PickTaskUpdated' | 'PickTaskStatusConflict' | 'NothingToPack'> {
  if (outcome.ok) return { __typename: 'PickTaskUpdated', task: outcome.value };
  const { kind, message } = outcome.refusal;
  return kind === 'NOTHING_TO_PACK' ? { __typename: 'NothingToPack', message, orderId } : conflict(message, orderId);
}

/** A refusal changed nothing, so the task exists as the step found it. */
async function currentTask(parent: { orderId: string }, _args: unknown, ctx: Context): Promise<PickTaskRecord> {
  const task = await ctx.loaders.pickTaskByOrder.load(parent.orderId);
  if (!task) throw new Error(`a refused step names order ${parent.orderId}, which has no pick task`);
  return task;
}

const byTypename = { __resolveType: (result: PickTaskResult) => result.__typename };
export const BeginPickingResult: BeginPickingResultResolvers = byTypename as BeginPickingResultResolvers;
export const ReportItemMissingResult: ReportItemMissingResultResolvers = byTypename as ReportItemMissingResultResolvers;
export const PackOrderResult: PackOrderResultResolvers = byTypename as PackOrderResultResolvers;
export const PickTaskStatusConflict: PickTaskStatusConflictResolvers = { task: currentTask };
export const MissingItemRejected: MissingItemRejectedResolvers = { task: currentTask };
export const NothingToPack: NothingToPackResolvers = { task: currentTask };
