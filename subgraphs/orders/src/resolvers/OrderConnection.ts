import { decodeCursor, pageArgs, toConnection, type Connection } from '@qc/shared';
import type { Context } from '../context';
import type { OrderRecord } from '../data';
import { isOrderPageKey, orderPageKey } from '../domain/order-page';

/**
 * One page of a customer's orders, newest first; shared by `Query.myOrders` and `Customer.orders`,
 * which check access before calling it. Bad `first` or a forged cursor is BAD_USER_INPUT.
 */
export async function customerOrders(
  ctx: Context,
  customerId: string,
  args: { first?: number | null; after?: string | null },
): Promise<Connection<OrderRecord>> {
  const { first, after } = pageArgs(args.first, args.after);
  const { rows, totalCount } = await ctx.repos.orders.pageByCustomer({
    customerId,
    first,
    after: after ? decodeCursor(after, isOrderPageKey) : null,
  });
  return toConnection(rows, first, totalCount, orderPageKey);
}
