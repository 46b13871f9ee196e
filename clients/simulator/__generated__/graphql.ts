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
  productId: Scalars['ID']['input'];
  /** Units of the product, above zero. */
  quantity: Scalars['Int']['input'];
};

/** Where an order goes in the order's life. See domain.md for the transitions. */
export type OrderStatus =
  | 'ASSIGNED_TO_COURIER'
  | 'ASSIGNED_TO_STORE'
  | 'CANCELLED'
  | 'CONFIRMED'
  | 'DELIVERED'
  | 'IN_TRANSIT'
  | 'PACKED'
  | 'PAYMENT_FAILED'
  | 'PENDING'
  | 'PICKED_UP'
  | 'PICKING'
  | 'REFUNDED'
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
  | 'BICYCLE'
  | 'CAR'
  | 'E_BIKE'
  | 'SCOOTER';

export type StoresQueryVariables = Exact<{ [key: string]: never; }>;


export type StoresQuery = { __typename?: 'Query', stores: Array<{ __typename?: 'Store', id: string, name: string, deliveryRadiusMeters: number, capacity: number, isOpen: boolean, location: { __typename?: 'GeoPoint', lat: number, lng: number } }> };

export type ProductCountQueryVariables = Exact<{ [key: string]: never; }>;


export type ProductCountQuery = { __typename?: 'Query', products: { __typename?: 'ProductConnection', totalCount: number } };

export type StockAroundQueryVariables = Exact<{
  location: LocationInput;
  productIds: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
}>;


export type StockAroundQuery = { __typename?: 'Query', availability: Array<{ __typename?: 'ProductAvailability', product: { __typename?: 'Product', id: string }, stores: Array<{ __typename?: 'StoreAvailability', quantity: number, store: { __typename?: 'Store', id: string } }> }> };

export type RosterCourierQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RosterCourierQuery = { __typename?: 'Query', courier?: { __typename?: 'Courier', id: string, status: CourierStatus, vehicle: VehicleType, homeStore?: { __typename?: 'Store', id: string } | null, position?: { __typename?: 'CourierPosition', lat: number, lng: number } | null } | null };

export type CourierLastPositionQueryVariables = Exact<{
  courierId: Scalars['ID']['input'];
}>;


export type CourierLastPositionQuery = { __typename?: 'Query', courierPosition?: { __typename?: 'CourierPosition', lat: number, lng: number } | null };

export type OrderProgressQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type OrderProgressQuery = { __typename?: 'Query', order?: { __typename?: 'Order', id: string, status: OrderStatus, delivery?: { __typename?: 'Delivery', status: DeliveryStatus } | null, pickTask?: { __typename?: 'PickTask', status: PickTaskStatus } | null } | null };

export type SimReportLocationMutationVariables = Exact<{
  input: ReportLocationInput;
}>;


export type SimReportLocationMutation = { __typename?: 'Mutation', reportLocation: { __typename?: 'LocationReportAck', kept: boolean, skipped?: LocationReportSkipReason | null } };

export type SimSetCourierStatusMutationVariables = Exact<{
  status: CourierStatus;
}>;


export type SimSetCourierStatusMutation = { __typename?: 'Mutation', setCourierStatus: { __typename?: 'Courier', id: string, status: CourierStatus } };

export type SimMyOffersQueryVariables = Exact<{ [key: string]: never; }>;


export type SimMyOffersQuery = { __typename?: 'Query', myOffers: Array<{ __typename?: 'DeliveryOffer', id: string, status: OfferStatus, attempt: number, expiresAt: string, createdAt: string, order: { __typename?: 'Order', id: string }, pickupLocation: { __typename?: 'GeoPoint', lat: number, lng: number }, dropoffLocation: { __typename?: 'GeoPoint', lat: number, lng: number } }> };

export type SimAcceptOfferMutationVariables = Exact<{
  offerId: Scalars['ID']['input'];
}>;


export type SimAcceptOfferMutation = { __typename?: 'Mutation', acceptOffer: { __typename?: 'Delivery', id: string, status: DeliveryStatus, assignedAt?: string | null } };

export type SimDeclineOfferMutationVariables = Exact<{
  offerId: Scalars['ID']['input'];
}>;


export type SimDeclineOfferMutation = { __typename?: 'Mutation', declineOffer: { __typename?: 'DeliveryOffer', id: string, status: OfferStatus } };

export type SimConfirmPickupMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
}>;


export type SimConfirmPickupMutation = { __typename?: 'Mutation', confirmPickup: { __typename?: 'Delivery', id: string, status: DeliveryStatus, pickedUpAt?: string | null } };

export type SimConfirmDeliveryMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
  proof: Scalars['String']['input'];
}>;


export type SimConfirmDeliveryMutation = { __typename?: 'Mutation', confirmDelivery: { __typename?: 'Delivery', id: string, status: DeliveryStatus, deliveredAt?: string | null } };

export type SimPlaceOrderMutationVariables = Exact<{
  input: PlaceOrderInput;
}>;


export type SimPlaceOrderMutation = { __typename?: 'Mutation', placeOrder:
    | { __typename: 'InvalidOrderInput', message: string }
    | { __typename: 'NotDeliverable', reason: string }
    | { __typename: 'OrderPlaced', order: { __typename?: 'Order', id: string, status: OrderStatus, placedAt: string, store?: { __typename?: 'Store', id: string } | null } }
    | { __typename: 'OutOfStock', items: Array<{ __typename?: 'UnavailableItem', requested: number, available: number, product: { __typename?: 'Product', id: string } }> }
    | { __typename: 'PaymentDeclined', reason: string }
   };

export type SimStoreQueueQueryVariables = Exact<{
  storeId: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type SimStoreQueueQuery = { __typename?: 'Query', storeQueue: { __typename?: 'PickTaskConnection', edges: Array<{ __typename?: 'PickTaskEdge', node: { __typename?: 'PickTask', id: string, status: PickTaskStatus, promisedReadyAt: string, order: { __typename?: 'Order', id: string }, items: Array<{ __typename?: 'PickTaskItem', quantity: number, missingQuantity: number, product: { __typename?: 'Product', id: string } }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type SimStartPickingMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
}>;


export type SimStartPickingMutation = { __typename?: 'Mutation', startPicking: { __typename?: 'PickTask', id: string, status: PickTaskStatus, startedAt?: string | null } };

export type SimMarkItemMissingMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
  productId: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
}>;


export type SimMarkItemMissingMutation = { __typename?: 'Mutation', markItemMissing: { __typename?: 'PickTask', id: string, status: PickTaskStatus } };

export type SimMarkPackedMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
}>;


export type SimMarkPackedMutation = { __typename?: 'Mutation', markPacked: { __typename?: 'PickTask', id: string, status: PickTaskStatus, packedAt?: string | null, isLate: boolean, minutesLate: number } };


export const StoresDocument = {"__meta__":{"hash":"7e89b9ae9fa206913231050126b8a355e0b0ba1e6cc842a0383b5d76dab69f0a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Stores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryRadiusMeters"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"isOpen"}}]}}]}}]} as unknown as DocumentNode<StoresQuery, StoresQueryVariables>;
export const ProductCountDocument = {"__meta__":{"hash":"f1ababdc563bcd7a5db8accece3cf6fee9accf1c4a69f562358a5626fa2f229b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProductCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"products"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"0"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<ProductCountQuery, ProductCountQueryVariables>;
export const StockAroundDocument = {"__meta__":{"hash":"9b640ef53ddfbecd2d0094aee09c2a6b7485c670d20867ea6bfc301e6344219c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StockAround"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"location"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LocationInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"productIds"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availability"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"location"},"value":{"kind":"Variable","name":{"kind":"Name","value":"location"}}},{"kind":"Argument","name":{"kind":"Name","value":"productIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"productIds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}}]}}]}}]}}]} as unknown as DocumentNode<StockAroundQuery, StockAroundQueryVariables>;
export const RosterCourierDocument = {"__meta__":{"hash":"7591850c13189148a44d18015c0891aa74df3692d574ddab7cca8da0bdb7004d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RosterCourier"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courier"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vehicle"}},{"kind":"Field","name":{"kind":"Name","value":"homeStore"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"position"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}}]}}]}}]} as unknown as DocumentNode<RosterCourierQuery, RosterCourierQueryVariables>;
export const CourierLastPositionDocument = {"__meta__":{"hash":"f92c9ad9860b8b230d6ed4d7939a32e139965bc49bf9adcb8cb9bcd94d0e35f8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CourierLastPosition"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"courierId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courierPosition"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"courierId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"courierId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}}]}}]} as unknown as DocumentNode<CourierLastPositionQuery, CourierLastPositionQueryVariables>;
export const OrderProgressDocument = {"__meta__":{"hash":"1238c5e7ea2fa5c5623b4a8ee9dae86870edb22034940fa0130fbdb8974a1130"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OrderProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"delivery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pickTask"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<OrderProgressQuery, OrderProgressQueryVariables>;
export const SimReportLocationDocument = {"__meta__":{"hash":"f0ffa67bb579ebb6a35e72820958db1ee8eb91c73780eeee3a3aba6fba06583a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SimReportLocation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReportLocationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportLocation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kept"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}}]}}]}}]} as unknown as DocumentNode<SimReportLocationMutation, SimReportLocationMutationVariables>;
export const SimSetCourierStatusDocument = {"__meta__":{"hash":"58e34299f4c326a1caac8ffc471b9cbbd8d37e73879f18f3964d163be6279227"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SimSetCourierStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CourierStatus"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setCourierStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SimSetCourierStatusMutation, SimSetCourierStatusMutationVariables>;
export const SimMyOffersDocument = {"__meta__":{"hash":"d2a63b51f7ea4a8bcbb574ecda27b3b3a4e044746fa3c2997da67a1ed2a09341"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SimMyOffers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myOffers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pickupLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dropoffLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<SimMyOffersQuery, SimMyOffersQueryVariables>;
export const SimAcceptOfferDocument = {"__meta__":{"hash":"c31022e412926c5e99300dc73bae41dc03c81ebc0cb209bf998be426629ba257"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SimAcceptOffer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptOffer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"offerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedAt"}}]}}]}}]} as unknown as DocumentNode<SimAcceptOfferMutation, SimAcceptOfferMutationVariables>;
export const SimDeclineOfferDocument = {"__meta__":{"hash":"0e121f599054abd2e0e97593dea6da2c870b652bad619bac255095787a75c4a5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SimDeclineOffer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"declineOffer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"offerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SimDeclineOfferMutation, SimDeclineOfferMutationVariables>;
export const SimConfirmPickupDocument = {"__meta__":{"hash":"b30c8cd97414d568812c59986b4a8d38815fbf89253c2f1a642a9876e6c6cd53"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SimConfirmPickup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmPickup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"pickedUpAt"}}]}}]}}]} as unknown as DocumentNode<SimConfirmPickupMutation, SimConfirmPickupMutationVariables>;
export const SimConfirmDeliveryDocument = {"__meta__":{"hash":"768a62d3df9c1c45a9de32b19435367f3cc05e219c46661d1c7150a075a51b13"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SimConfirmDelivery"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"proof"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmDelivery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}},{"kind":"Argument","name":{"kind":"Name","value":"proof"},"value":{"kind":"Variable","name":{"kind":"Name","value":"proof"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}}]}}]}}]} as unknown as DocumentNode<SimConfirmDeliveryMutation, SimConfirmDeliveryMutationVariables>;
export const SimPlaceOrderDocument = {"__meta__":{"hash":"411a14aecf511e3c6e05754f9aa38ea9b893137d89c9d9f3e630f2d57b75fbae"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SimPlaceOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PlaceOrderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"placeOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OrderPlaced"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"placedAt"}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OutOfStock"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"requested"}},{"kind":"Field","name":{"kind":"Name","value":"available"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PaymentDeclined"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotDeliverable"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidOrderInput"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SimPlaceOrderMutation, SimPlaceOrderMutationVariables>;
export const SimStoreQueueDocument = {"__meta__":{"hash":"40bdbe82b9d52daa22cd83eda27a376e613fd5af7287acaf8b6fd251dc7bfe94"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SimStoreQueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"storeId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"storeQueue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"storeId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"storeId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"promisedReadyAt"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"missingQuantity"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<SimStoreQueueQuery, SimStoreQueueQueryVariables>;
export const SimStartPickingDocument = {"__meta__":{"hash":"d47b2f7a6fedbc6cc59a69a6dabbd0e4b95a93f097c673bbfe650651a614b839"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SimStartPicking"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startPicking"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}}]}}]}}]} as unknown as DocumentNode<SimStartPickingMutation, SimStartPickingMutationVariables>;
export const SimMarkItemMissingDocument = {"__meta__":{"hash":"21e8dcc28d15c386c3a766b743ae12751c4574478082262ff455e33a12498ebe"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SimMarkItemMissing"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"productId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"quantity"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markItemMissing"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}},{"kind":"Argument","name":{"kind":"Name","value":"productId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"productId"}}},{"kind":"Argument","name":{"kind":"Name","value":"quantity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"quantity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SimMarkItemMissingMutation, SimMarkItemMissingMutationVariables>;
export const SimMarkPackedDocument = {"__meta__":{"hash":"ede63441a167b91927ddc7bff9abc974dc9da12ff45699dd5646edf1f6a386d3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SimMarkPacked"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markPacked"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"packedAt"}},{"kind":"Field","name":{"kind":"Name","value":"isLate"}},{"kind":"Field","name":{"kind":"Name","value":"minutesLate"}}]}}]}}]} as unknown as DocumentNode<SimMarkPackedMutation, SimMarkPackedMutationVariables>;