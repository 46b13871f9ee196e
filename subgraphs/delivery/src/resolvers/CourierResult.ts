import type {
  AcceptDeliveryOfferResultResolvers,
  ChangeCourierStatusResultResolvers,
  CourierStatusConflictResolvers,
  DeclineDeliveryOfferResultResolvers,
  DeliverOrderResultResolvers,
  DeliveryStepConflictResolvers,
  PickUpOrderResultResolvers,
} from '../__generated__/resolvers-types';
import type { CourierOutcome } from '../app';
import type { Context } from '../context';
import type { CourierRecord, OfferRecord, StoredDeliveryRecord } from '../data';

/** A courier action's answer; a refusal names what it was about, read as it is now where the type shows it. */
export type CourierResult =
  | { __typename: 'CourierStatusChanged'; courier: CourierRecord }
  | { __typename: 'CourierStatusConflict'; message: string; courierId: string }
  | { __typename: 'OfferAccepted'; delivery: StoredDeliveryRecord }
  | { __typename: 'OfferDeclined'; offer: OfferRecord }
  | { __typename: 'OfferUnavailable'; message: string; offerId: string }
  | { __typename: 'DeliveryUpdated'; delivery: StoredDeliveryRecord }
  | { __typename: 'DeliveryStepConflict'; message: string; orderId: string }
  | { __typename: 'InvalidProofOfDelivery'; message: string };

type Member<N extends CourierResult['__typename']> = Extract<CourierResult, { __typename: N }>;

/** The answer of `changeCourierStatus`. */
export function toStatusResult(outcome: CourierOutcome<CourierRecord>, courierId: string): Member<'CourierStatusChanged' | 'CourierStatusConflict'> {
  return outcome.ok
    ? { __typename: 'CourierStatusChanged', courier: outcome.value }
    : { __typename: 'CourierStatusConflict', message: outcome.refusal.message, courierId };
}

/** The answer of `acceptDeliveryOffer`. */
export function toAcceptResult(outcome: CourierOutcome<StoredDeliveryRecord>, offerId: string): Member<'OfferAccepted' | 'OfferUnavailable'> {
  return outcome.ok ? { __typename: 'OfferAccepted', delivery: outcome.value } : { __typename: 'OfferUnavailable', message: outcome.refusal.message, offerId };
}

/** The answer of `declineDeliveryOffer`. */
export function toDeclineResult(outcome: CourierOutcome<OfferRecord>, offerId: string): Member<'OfferDeclined' | 'OfferUnavailable'> {
  return outcome.ok ? { __typename: 'OfferDeclined', offer: outcome.value } : { __typename: 'OfferUnavailable', message: outcome.refusal.message, offerId };
}

/** The answer of `pickUpOrder`: the only refusal is a step the delivery is not ready for. */
export function toPickUpResult(outcome: CourierOutcome<StoredDeliveryRecord>, orderId: string): Member<'DeliveryUpdated' | 'DeliveryStepConflict'> {
  return outcome.ok ? { __typename: 'DeliveryUpdated', delivery: outcome.value } : { __typename: 'DeliveryStepConflict', message: outcome.refusal.message, orderId };
}

/** The answer of `deliverOrder`. */
export function toDeliverResult(outcome: CourierOutcome<StoredDeliveryRecord>, orderId: string): Member<'DeliveryUpdated' | 'DeliveryStepConflict' | 'InvalidProofOfDelivery'> {
  if (outcome.ok) return { __typename: 'DeliveryUpdated', delivery: outcome.value };
  const { kind, message } = outcome.refusal;
  return kind === 'PROOF' ? { __typename: 'InvalidProofOfDelivery', message } : { __typename: 'DeliveryStepConflict', message, orderId };
}

const byTypename = { __resolveType: (result: CourierResult) => result.__typename };
export const ChangeCourierStatusResult = byTypename as ChangeCourierStatusResultResolvers;
export const AcceptDeliveryOfferResult = byTypename as AcceptDeliveryOfferResultResolvers;
export const DeclineDeliveryOfferResult = byTypename as DeclineDeliveryOfferResultResolvers;
export const PickUpOrderResult = byTypename as PickUpOrderResultResolvers;
export const DeliverOrderResult = byTypename as DeliverOrderResultResolvers;

/** A refusal changed nothing: the courier and the delivery are read as they are now. */
export const CourierStatusConflict: CourierStatusConflictResolvers = {
  courier: async (parent, _args, ctx: Context) => {
    const courier = await ctx.loaders.courier.load(parent.courierId);
    if (!courier) throw new Error(`a refused status change names courier ${parent.courierId}, who does not exist`);
    return courier;
  },
};

export const DeliveryStepConflict: DeliveryStepConflictResolvers = {
  delivery: async (parent, _args, ctx: Context) => {
    const delivery = await ctx.loaders.deliveryOfOrder.load(parent.orderId);
    if (!delivery) throw new Error(`a refused delivery step names order ${parent.orderId}, which has no delivery`);
    return delivery;
  },
};
