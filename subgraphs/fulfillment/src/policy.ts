import { anyone, sameRule, signedIn, type AccessRule, type SubgraphPolicy } from '@qc/shared';
import type { Context } from './context';
import type { PickTaskRecord } from './data';
import { cityLoadAccess, pickingAccess, pickTaskAccess, storeWorkAccess } from './domain/access';

type Rule<TParent = unknown> = AccessRule<Context, TParent>;

const STORE_ONLY = "Only the store's staff and admins can see its pick tasks";
const storeOfArgs: Rule = ({ identity, args }) => storeWorkAccess(identity, args.storeId as string);
const staff: Rule = ({ identity }) => pickingAccess(identity);
const task: Rule<PickTaskRecord> = ({ identity, parent }) => pickTaskAccess(identity, parent);
const open = (...fields: string[]) => ({ object: anyone, fields: sameRule(anyone, fields) });

/**
 * Who may see what in fulfillment, on every path (root, nested, `_entities`). The rules are in
 * `domain/access.ts`; the matrix in docs/authorization.md shows what each role gets.
 */
export const policy: SubgraphPolicy<Context> = {
  Query: {
    fields: {
      // Another store's task is answered like one that does not exist: null.
      pickTask: { rule: signedIn, hideForbidden: true },
      storeQueue: { rule: storeOfArgs, refusal: STORE_ONLY },
    },
  },
  // The task's store is checked on the locked row (`app/picking.ts`): NOT_FOUND for another store's.
  Mutation: {
    fields: sameRule({ rule: staff, refusal: "Only the store's staff and admins can work on its pick tasks" }, [
      'beginPicking',
      'reportItemMissing',
      'packOrder',
      'startPicking',
      'markItemMissing',
      'markPacked',
    ]),
  },
  // A step's answer goes to whoever the mutation let through; the task in it has its own rule.
  PickTaskUpdated: open('task'),
  PickTaskStatusConflict: open('message', 'task'),
  MissingItemRejected: open('message', 'field', 'task'),
  NothingToPack: open('message', 'task'),
  // Served by the gateway, which checks the same rule when subscribing.
  Subscription: {
    fields: {
      storeQueueUpdated: { rule: storeOfArgs, refusal: "Only the store's staff and admins can follow its queue" },
      storeLoadUpdated: { rule: ({ identity }) => cityLoadAccess(identity), refusal: "Only admins can follow every store's load" },
    },
  },
  PickTask: {
    object: task,
    refusal: "Only the store's staff, the customer and admins can see a pick task",
    fields: sameRule(anyone, ['id', 'order', 'store', 'status', 'promisedReadyAt', 'startedAt', 'packedAt', 'createdAt', 'isLate', 'minutesLate', 'dueInMinutes', 'items']),
  },
  Store: {
    object: anyone,
    fields: { id: anyone, openTaskCount: anyone, queue: { rule: ({ identity, parent }) => storeWorkAccess(identity, (parent as { id: string }).id), refusal: STORE_ONLY } },
  },
  // The task it leads to has its own rule; the link itself tells nothing.
  Order: { object: signedIn, fields: sameRule(anyone, ['id', 'pickTask']) },
  PickTaskItem: open('product', 'quantity', 'missingQuantity'),
  PickTaskConnection: open('edges', 'pageInfo', 'totalCount'),
  PickTaskEdge: open('cursor', 'node'),
  PageInfo: open('hasNextPage', 'endCursor'),
  Product: open('id'),
};
