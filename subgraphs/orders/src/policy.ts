import { anyone, sameRule, signedIn, type AccessRule, type SubgraphPolicy } from '@qc/shared';
import type { Context } from './context';
import type { CustomerRecord, OrderRecord } from './data';
import { adminAccess, cancelAccess, customerOrdersAccess, customerPiiAccess, customerRoleAccess, orderAccess, orderPiiAccess } from './domain/access';

type Rule<TParent = unknown> = AccessRule<Context, TParent>;

const customerRole: Rule = ({ identity }) => customerRoleAccess(identity);
const order: Rule<OrderRecord> = ({ identity, parent }) => orderAccess(identity, parent);
const orderPii: Rule<OrderRecord> = ({ identity, parent }) => orderPiiAccess(identity, parent);
const customerPii: Rule<CustomerRecord> = async ({ identity, parent, context }) =>
  customerPiiAccess(identity, parent.id, identity ? await context.loaders.activeOrdersOfCustomer.load(parent.id) : []);
const customerOrders: Rule<CustomerRecord> = ({ identity, parent }) => customerOrdersAccess(identity, parent.id);

/** Value types: whoever reached them through a guarded field sees all of them. */
const open = (...fields: string[]) => ({ object: anyone, fields: sameRule(anyone, fields) });

/**
 * Who may see what in orders, on every path (root, nested, `_entities`). The rules are in
 * `domain/access.ts`; the matrix in docs/authorization.md shows what each role gets.
 */
export const policy: SubgraphPolicy<Context> = {
  Query: {
    fields: {
      // Someone else's order is answered like one that does not exist: null.
      order: { rule: signedIn, hideForbidden: true },
      myOrders: { rule: customerRole, refusal: 'Only customers have orders of their own' },
      me: signedIn,
      operationsSummary: { rule: ({ identity }) => adminAccess(identity), refusal: 'Only admins can see the operations summary' },
    },
  },
  Mutation: {
    fields: {
      placeOrder: { rule: customerRole, refusal: 'Only customers can place orders' },
      // Whose order it is is decided on the locked row (`domain/cancel.ts`): NOT_FOUND for a stranger.
      cancelOrder: { rule: ({ identity }) => cancelAccess(identity), refusal: 'Only customers and admins can cancel orders' },
    },
  },
  // Served by the gateway, which asks `order(id)` with the subscriber's identity first.
  Subscription: { fields: { orderUpdated: signedIn } },
  Order: {
    object: order,
    refusal: 'You may not see this order',
    fields: {
      ...sameRule(anyone, ['id', 'customer', 'status', 'items', 'total', 'store', 'placedAt', 'updatedAt', 'history']),
      deliveryAddress: { rule: orderPii, refusal: "Only the customer, and the order's store and courier while it is under way, may see its address" },
    },
  },
  Customer: {
    object: signedIn,
    fields: {
      id: anyone,
      ...sameRule({ rule: customerPii, refusal: "Only the customer, and the store and courier of one of their orders under way, may see a customer's details" }, ['name', 'email']),
      orders: { rule: customerOrders, refusal: "Only the customer and admins may see a customer's orders" },
    },
  },
  Money: open('amountCents', 'currency'),
  PageInfo: open('hasNextPage', 'endCursor'),
  OrderItem: open('product', 'quantity', 'unitPrice', 'lineTotal'),
  Address: open('line1', 'city', 'postalCode', 'lat', 'lng'),
  OrderStatusChange: open('from', 'to', 'actor', 'reason', 'at'),
  OperationsSummary: open('ordersPerMinute', 'windowMinutes', 'ordersToday', 'deliveredToday', 'medianOrderToDoorSeconds', 'computedAt'),
  OrderConnection: open('edges', 'pageInfo', 'totalCount'),
  OrderEdge: open('cursor', 'node'),
  Product: open('id'),
  Store: open('id'),
  OrderPlaced: open('order'),
  OutOfStock: open('order', 'items'),
  UnavailableItem: open('product', 'requested', 'available'),
  PaymentDeclined: open('order', 'reason'),
  NotDeliverable: open('reason'),
  InvalidOrderInput: open('message', 'problems'),
  InputProblem: open('field', 'message'),
  OrderCancelled: open('order', 'refunded'),
};
