/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO 8601 date-time in UTC, e.g. 2026-11-22T10:15:00.000Z. */
  DateTime: { input: string; output: string; }
};

/** The postal address the courier sees; the coordinates come from `PlaceOrderInput.deliveryLocation`. */
export type AddressInput = {
  /** Up to 100 characters. */
  city: Scalars['String']['input'];
  /** Street and number, up to 200 characters. */
  line1: Scalars['String']['input'];
  /** Up to 20 characters. */
  postalCode: Scalars['String']['input'];
};

/** A stock change for one product in one store. */
export type AdjustStockInput = {
  /** Units added (positive, e.g. a delivery came in) or removed (negative, e.g. breakage). Never 0; at most 1,000,000 either way. */
  delta: Scalars['Int']['input'];
  /** A product the store already carries. */
  productId: Scalars['ID']['input'];
  /** Why the stock changed (1–500 characters); kept in the inventory history. */
  reason: Scalars['String']['input'];
  /** The store whose shelf changed; staff may only name their own. */
  storeId: Scalars['ID']['input'];
};

/** Where a courier is in their working day. */
export type CourierStatus =
  /** Carries an order (set by dispatch when an offer is accepted, cleared on delivery). */
  | 'BUSY'
  /** Working and free: may be offered an order. */
  | 'IDLE'
  /** Has one offer waiting for an answer (set by dispatch, not by the courier). */
  | 'OFFERED'
  /** Not working: never offered anything. */
  | 'OFFLINE';

/** Where one delivery of an order stands. */
export type DeliveryStatus =
  /** A courier accepted and is on the way to the store. */
  | 'ASSIGNED'
  /** Handed over to the customer, with proof. */
  | 'DELIVERED'
  /** Ended without delivery: the order was cancelled, or nobody took it (see `escalatedDeliveries`). */
  | 'FAILED'
  /** Being offered to couriers; nobody has accepted yet. */
  | 'OFFERED'
  /** The courier has the bag and is on the way to the customer. */
  | 'PICKED_UP';

/** Why an order was escalated to admins. */
export type EscalationReason =
  /** Every allowed offer was declined or ignored. */
  | 'ATTEMPTS_EXHAUSTED'
  /** No free courier was near enough, even at the widest search radius, for too long. */
  | 'NO_COURIER_AVAILABLE';

/** A place given by the client, in WGS 84 degrees: usually where the customer wants the delivery. */
export type LocationInput = {
  /** Latitude, −90 … 90. */
  lat: Scalars['Float']['input'];
  /** Longitude, −180 … 180. */
  lng: Scalars['Float']['input'];
};

/** Why a valid report was acknowledged without being kept. */
export type LocationReportSkipReason =
  /** The report is not newer than the courier's latest kept position (a retry or a flushed backlog). */
  | 'OUT_OF_ORDER'
  /** A report of this courier was kept less than 3 s ago; send the next one later. */
  | 'TOO_SOON';

/** What became of an offer. */
export type OfferStatus =
  /** The courier took the order. */
  | 'ACCEPTED'
  /** The courier said no; the order went to the next courier. */
  | 'DECLINED'
  /** The courier did not answer in time; the order went to the next courier. */
  | 'EXPIRED'
  /** Waiting for the courier's answer until `expiresAt`. */
  | 'PENDING'
  /** Taken back because the order was cancelled. */
  | 'WITHDRAWN';

/** One line of the cart: a product and how many of it. */
export type OrderLineInput = {
  /** The product, as catalog knows it. */
  productId: Scalars['ID']['input'];
  /** Units of the product, above zero. */
  quantity: Scalars['Int']['input'];
};

/** Where an order goes in the order's life. See domain.md for the transitions. */
export type OrderStatus =
  /** A courier took the order and is on the way to the store. */
  | 'ASSIGNED_TO_COURIER'
  /** Queued at the store for picking. */
  | 'ASSIGNED_TO_STORE'
  /** Cancelled; its stock is released and its refund under way. */
  | 'CANCELLED'
  /** Paid and reserved in one dark store; waiting for the store to queue it. */
  | 'CONFIRMED'
  /** Handed over to the customer. */
  | 'DELIVERED'
  /** On the way to the customer. */
  | 'IN_TRANSIT'
  /** The bag is ready for a courier. */
  | 'PACKED'
  /** The payment was not authorized; nothing was charged and the stock was released. */
  | 'PAYMENT_FAILED'
  /** Being placed: stock is being reserved and the payment authorized. */
  | 'PENDING'
  /** The courier has the bag. */
  | 'PICKED_UP'
  /** Staff are collecting the items; a customer can no longer cancel. */
  | 'PICKING'
  /** Cancelled and refunded. */
  | 'REFUNDED'
  /** No single store that delivers here had every item; nothing was reserved or charged. */
  | 'REJECTED';

/**
 * Where a pick task is. QUEUED → PICKING → PACKED; QUEUED or PICKING → CANCELLED when the order is
 * cancelled. PACKED and CANCELLED are final.
 */
export type PickTaskStatus =
  /** The order was cancelled before its bag was packed; nobody works on it. */
  | 'CANCELLED'
  /** The bag is packed and waits for a courier. */
  | 'PACKED'
  /** Staff are collecting the items. */
  | 'PICKING'
  /** Waiting for staff to start picking. */
  | 'QUEUED';

/** Everything needed to place an order. */
export type PlaceOrderInput = {
  /** The postal address the courier sees. */
  address: AddressInput;
  /** Where the order goes; it decides which dark store can serve it. */
  deliveryLocation: LocationInput;
  /**
   * Made up by the client once per checkout (up to 100 characters) and sent again with every retry of
   * it: the same key with the same order from the same customer always answers with the same result and
   * never places a second order. The same key with a different order is refused.
   */
  idempotencyKey: Scalars['String']['input'];
  /** The cart: 1 to 100 lines, each product at most once. */
  items: Array<OrderLineInput>;
  /**
   * The payment method token from the payment provider. The simulated provider of development and tests
   * declines `card_declined` and `card_insufficient_funds`, never answers `card_timeout`, and accepts
   * anything else.
   */
  paymentMethod: Scalars['String']['input'];
};

/**
 * Narrows `products`. Every field is optional and the fields given must all hold, so a search can be
 * combined with any of the other filters.
 */
export type ProductFilter = {
  /** Only products in one of these categories. Empty or omitted: any category. */
  categoryIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Only products whose price is at most this many cents (0 or more, not below `minPriceCents`). */
  maxPriceCents?: InputMaybe<Scalars['Int']['input']>;
  /** Only products whose price is at least this many cents (0 or more). */
  minPriceCents?: InputMaybe<Scalars['Int']['input']>;
  /**
   * Free text, at most 100 characters; blank means no search. Every word must match. Tolerates typos
   * ("piza" finds pizza), expands synonyms both ways ("soda" finds soft drinks, "kabob" finds kebabs),
   * and the last word also matches the start of a word in a product name, as you type. Results are
   * ranked: exact name, then names starting with the text, then names containing the words, then names
   * matching only with a typo corrected, then products whose description alone matches; within each,
   * the name closest to the text first, then by name and id.
   */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Only products carrying every one of these tags, spelled exactly as in `Product.tags`. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** One position fix from the courier's phone. */
export type ReportLocationInput = {
  /** Radius of the phone's 68 % confidence circle, in metres, 0 or more; null when unknown. */
  accuracy?: InputMaybe<Scalars['Float']['input']>;
  /** Degrees clockwise from north, 0 to below 360; null when the phone does not know. */
  heading?: InputMaybe<Scalars['Float']['input']>;
  /** Degrees north, −90 to 90. */
  lat: Scalars['Float']['input'];
  /** Degrees east, −180 to 180. */
  lng: Scalars['Float']['input'];
  /** When the phone took the fix. At most 30 s ahead of the server's clock. */
  recordedAt: Scalars['DateTime']['input'];
  /** Metres per second, 0 or more; null when the phone does not know. */
  speed?: InputMaybe<Scalars['Float']['input']>;
};

/** How a courier gets around; it sets their travel speed in the dispatch estimate. */
export type VehicleType =
  /** A pedal bicycle. */
  | 'BICYCLE'
  /** A car. */
  | 'CAR'
  /** An electric bicycle. */
  | 'E_BIKE'
  /** A motor scooter. */
  | 'SCOOTER';

export type ChangeCourierStatusMutationVariables = Exact<{
  status: CourierStatus;
}>;


export type ChangeCourierStatusMutation = { __typename?: 'Mutation', changeCourierStatus:
    | { __typename: 'CourierStatusChanged', courier: { __typename?: 'Courier', id: string, status: CourierStatus } }
    | { __typename: 'CourierStatusConflict', message: string, courier: { __typename?: 'Courier', id: string, status: CourierStatus } }
   };

export type MyOffersQueryVariables = Exact<{ [key: string]: never; }>;


export type MyOffersQuery = { __typename?: 'Query', myOffers: Array<{ __typename?: 'DeliveryOffer', id: string, status: OfferStatus, attempt: number, distanceMeters: number, etaToStoreSeconds: number, readyAt?: string | null, expiresAt: string, createdAt: string, order: { __typename?: 'Order', id: string }, store: { __typename?: 'Store', id: string, name: string, address: string }, pickupLocation: { __typename?: 'GeoPoint', lat: number, lng: number }, dropoffLocation: { __typename?: 'GeoPoint', lat: number, lng: number } }> };

export type AcceptDeliveryOfferMutationVariables = Exact<{
  offerId: Scalars['ID']['input'];
}>;


export type AcceptDeliveryOfferMutation = { __typename?: 'Mutation', acceptDeliveryOffer:
    | { __typename: 'OfferAccepted', delivery: { __typename?: 'Delivery', id: string, status: DeliveryStatus, assignedAt?: string | null } }
    | { __typename: 'OfferUnavailable', message: string, offerId: string }
   };

export type DeclineDeliveryOfferMutationVariables = Exact<{
  offerId: Scalars['ID']['input'];
}>;


export type DeclineDeliveryOfferMutation = { __typename?: 'Mutation', declineDeliveryOffer:
    | { __typename: 'OfferDeclined', offer: { __typename?: 'DeliveryOffer', id: string, status: OfferStatus } }
    | { __typename: 'OfferUnavailable', message: string, offerId: string }
   };

export type PickUpOrderMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
}>;


export type PickUpOrderMutation = { __typename?: 'Mutation', pickUpOrder:
    | { __typename: 'DeliveryStepConflict', message: string, delivery: { __typename?: 'Delivery', id: string, status: DeliveryStatus } }
    | { __typename: 'DeliveryUpdated', delivery: { __typename?: 'Delivery', id: string, status: DeliveryStatus, pickedUpAt?: string | null } }
   };

export type DeliverOrderMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
  proof: Scalars['String']['input'];
}>;


export type DeliverOrderMutation = { __typename?: 'Mutation', deliverOrder:
    | { __typename: 'DeliveryStepConflict', message: string, delivery: { __typename?: 'Delivery', id: string, status: DeliveryStatus } }
    | { __typename: 'DeliveryUpdated', delivery: { __typename?: 'Delivery', id: string, status: DeliveryStatus, deliveredAt?: string | null } }
    | { __typename: 'InvalidProofOfDelivery', message: string }
   };

export type ReportLocationMutationVariables = Exact<{
  input: ReportLocationInput;
}>;


export type ReportLocationMutation = { __typename?: 'Mutation', reportLocation: { __typename?: 'LocationReportAck', kept: boolean, skipped?: LocationReportSkipReason | null } };

export type IncomingOffersSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type IncomingOffersSubscription = { __typename?: 'Subscription', deliveryOffers: { __typename?: 'DeliveryOffer', id: string, status: OfferStatus, attempt: number, expiresAt: string, order: { __typename?: 'Order', id: string }, store: { __typename?: 'Store', id: string, name: string, address: string }, pickupLocation: { __typename?: 'GeoPoint', lat: number, lng: number }, dropoffLocation: { __typename?: 'GeoPoint', lat: number, lng: number } } };


export const ChangeCourierStatusDocument = {"__meta__":{"hash":"d5e808b5b0a1079b09491444047a7e775a6ecaecd2f307149dcdeebda51331bd"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangeCourierStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CourierStatus"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeCourierStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CourierStatusChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CourierStatusConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"courier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ChangeCourierStatusMutation, ChangeCourierStatusMutationVariables>;
export const MyOffersDocument = {"__meta__":{"hash":"993770523f9c25a3a0e508a3279be634ab0535826a74f90e99f409ea358c02f9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyOffers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myOffers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pickupLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dropoffLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"distanceMeters"}},{"kind":"Field","name":{"kind":"Name","value":"etaToStoreSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"readyAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<MyOffersQuery, MyOffersQueryVariables>;
export const AcceptDeliveryOfferDocument = {"__meta__":{"hash":"abd7657fb7a69601ea3904e888e1e0e17fa25192f01f27c1bbadd4c76fcbdc73"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcceptDeliveryOffer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptDeliveryOffer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"offerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OfferAccepted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"delivery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedAt"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OfferUnavailable"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"offerId"}}]}}]}}]}}]} as unknown as DocumentNode<AcceptDeliveryOfferMutation, AcceptDeliveryOfferMutationVariables>;
export const DeclineDeliveryOfferDocument = {"__meta__":{"hash":"1c9207ed291ec313aab16906a0bf514f6fc9e411a5b2b65a97707ea728fdfaf1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeclineDeliveryOffer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"declineDeliveryOffer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"offerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OfferDeclined"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"offer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OfferUnavailable"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"offerId"}}]}}]}}]}}]} as unknown as DocumentNode<DeclineDeliveryOfferMutation, DeclineDeliveryOfferMutationVariables>;
export const PickUpOrderDocument = {"__meta__":{"hash":"0e5e5d0c4dc6b5c214d2fb9dd2d204ee4d8d5ccca91d24a243ac2f4054bf8f66"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PickUpOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pickUpOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeliveryUpdated"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"delivery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"pickedUpAt"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeliveryStepConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"delivery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PickUpOrderMutation, PickUpOrderMutationVariables>;
export const DeliverOrderDocument = {"__meta__":{"hash":"0f4befb38f55db91ecc6266925deb6ad87118747efd157772c9fa59d5b05065a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeliverOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"proof"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliverOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}},{"kind":"Argument","name":{"kind":"Name","value":"proof"},"value":{"kind":"Variable","name":{"kind":"Name","value":"proof"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeliveryUpdated"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"delivery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeliveryStepConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"delivery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidProofOfDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DeliverOrderMutation, DeliverOrderMutationVariables>;
export const ReportLocationDocument = {"__meta__":{"hash":"dc3da9255b93a646bf84678518a2c46e029bf48fdeb4f35f638055cd7f4b0278"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReportLocation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReportLocationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportLocation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kept"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}}]}}]}}]} as unknown as DocumentNode<ReportLocationMutation, ReportLocationMutationVariables>;
export const IncomingOffersDocument = {"__meta__":{"hash":"e4d92faecb16143e6b19dba941d79d1e274bf5e963f00776a69383ccf9cafc89"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"IncomingOffers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliveryOffers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pickupLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dropoffLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<IncomingOffersSubscription, IncomingOffersSubscriptionVariables>;