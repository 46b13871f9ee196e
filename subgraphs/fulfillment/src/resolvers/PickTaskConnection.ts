import { decodeCursor, pageArgs, toConnection, type Connection } from '@qc/shared';
import type { Context } from '../context';
import { OPEN_PICK_TASK_STATUSES, type PickTaskRecord, type PickTaskStatus } from '../data';
import { isQueuePageKey, queuePageKey } from '../domain/queue-page';

/**
 * One page of a store's queue, most urgent first: the open tasks, or those of one status. The caller
 * checks access first. Bad `first` or a forged cursor is BAD_USER_INPUT.
 */
export async function storeQueuePage(
  ctx: Context,
  storeId: string,
  args: { status?: PickTaskStatus | null; first?: number | null; after?: string | null },
): Promise<Connection<PickTaskRecord>> {
  const { first, after } = pageArgs(args.first, args.after);
  const { rows, totalCount } = await ctx.repos.pickTasks.pageByStore({
    storeId,
    statuses: args.status ? [args.status] : OPEN_PICK_TASK_STATUSES,
    first,
    after: after ? decodeCursor(after, isQueuePageKey) : null,
  });
  return toConnection(rows, first, totalCount, queuePageKey);
}
