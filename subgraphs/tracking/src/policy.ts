import { anyone, sameRule, signedIn, type AccessRule, type SubgraphPolicy } from '@qc/shared';
import type { Context } from './context';
import { courierPositionAccess, etaAccess, reportLocationAccess } from './domain/access';

type Rule<TParent = unknown> = AccessRule<Context, TParent>;

const POSITION_REFUSAL = "Only the courier, admins, and the customer and store of the delivery they carry now may see a courier's position";

/** The position rule for one courier id; the live deliveries are read only for callers it could let in. */
const positionOf = async (context: Context, courierId: string): Promise<ReturnType<typeof courierPositionAccess>> => {
  const identity = context.identity;
  const quick = courierPositionAccess(identity, courierId, []);
  if (quick !== 'FORBIDDEN') return quick;
  return courierPositionAccess(identity, courierId, await context.loaders.liveByCourier.load(courierId));
};

const eta: Rule<{ id: string }> = async ({ identity, parent, context }) => {
  const quick = etaAccess(identity, null, []);
  if (quick !== 'FORBIDDEN') return quick;
  const [customer, live] = await Promise.all([context.loaders.customerOfOrder.load(parent.id), context.loaders.liveByOrder.load(parent.id)]);
  return etaAccess(identity, customer?.customerId ?? null, live);
};

const open = (...fields: string[]) => ({ object: anyone, fields: sameRule(anyone, fields) });

/**
 * Who may see what in tracking, on every path (root, nested, `_entities`). The rules are in
 * `domain/access.ts`; the matrix in docs/authorization.md shows what each role gets.
 */
export const policy: SubgraphPolicy<Context> = {
  Query: { fields: { courierPosition: { rule: ({ args, context }) => positionOf(context, args.courierId as string), refusal: POSITION_REFUSAL } } },
  Mutation: { fields: { reportLocation: { rule: ({ identity }) => reportLocationAccess(identity), refusal: 'Only couriers report locations' } } },
  // Served by the gateway, which asks `order(id)` with the subscriber's identity first; positions are
  // published for an order only while its courier carries it.
  Subscription: { fields: { courierPosition: signedIn } },
  Courier: {
    object: signedIn,
    fields: {
      id: anyone,
      position: { rule: ({ parent, context }) => positionOf(context, (parent as { id: string }).id), refusal: POSITION_REFUSAL },
    },
  },
  Order: {
    object: signedIn,
    fields: { id: anyone, eta: { rule: eta, refusal: "Only the order's customer, its store and courier while under way, and admins may see its ETA" } },
  },
  CourierPosition: open('lat', 'lng', 'heading', 'speed', 'recordedAt', 'eta'),
  Eta: open('estimatedArrivalAt', 'minutesRemaining', 'computedAt'),
  LocationReportAck: open('kept', 'skipped'),
};
