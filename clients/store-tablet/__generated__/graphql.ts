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

export type StoreQueueQueryVariables = Exact<{
  storeId: Scalars['ID']['input'];
  status?: InputMaybe<PickTaskStatus>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type StoreQueueQuery = { __typename?: 'Query', storeQueue: { __typename?: 'PickTaskConnection', totalCount: number, edges: Array<{ __typename?: 'PickTaskEdge', node: { __typename?: 'PickTask', id: string, status: PickTaskStatus, promisedReadyAt: string, dueInMinutes?: number | null, isLate: boolean, order: { __typename?: 'Order', id: string }, items: Array<{ __typename?: 'PickTaskItem', quantity: number, missingQuantity: number, product: { __typename?: 'Product', id: string, name: string } }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type BeginPickingMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
}>;


export type BeginPickingMutation = { __typename?: 'Mutation', beginPicking:
    | { __typename: 'PickTaskStatusConflict', message: string, task: { __typename?: 'PickTask', id: string, status: PickTaskStatus } }
    | { __typename: 'PickTaskUpdated', task: { __typename?: 'PickTask', id: string, status: PickTaskStatus, startedAt?: string | null } }
   };

export type ReportItemMissingMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
  productId: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
}>;


export type ReportItemMissingMutation = { __typename?: 'Mutation', reportItemMissing:
    | { __typename: 'MissingItemRejected', message: string, field: string }
    | { __typename: 'PickTaskStatusConflict', message: string, task: { __typename?: 'PickTask', id: string, status: PickTaskStatus } }
    | { __typename: 'PickTaskUpdated', task: { __typename?: 'PickTask', id: string, status: PickTaskStatus, items: Array<{ __typename?: 'PickTaskItem', missingQuantity: number, product: { __typename?: 'Product', id: string } }> } }
   };

export type PackOrderMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
}>;


export type PackOrderMutation = { __typename?: 'Mutation', packOrder:
    | { __typename: 'NothingToPack', message: string }
    | { __typename: 'PickTaskStatusConflict', message: string, task: { __typename?: 'PickTask', id: string, status: PickTaskStatus } }
    | { __typename: 'PickTaskUpdated', task: { __typename?: 'PickTask', id: string, status: PickTaskStatus, packedAt?: string | null, isLate: boolean, minutesLate: number } }
   };

export type AdjustStockMutationVariables = Exact<{
  input: AdjustStockInput;
}>;


export type AdjustStockMutation = { __typename?: 'Mutation', adjustStock:
    | { __typename: 'InsufficientStock', message: string }
    | { __typename: 'ProductNotStocked', message: string }
    | { __typename: 'StockAdjusted', stockLevel: { __typename?: 'StockLevel', onHand: number, reserved: number, available: number }, adjustment: { __typename?: 'InventoryAdjustment', id: string, delta: number, reason: string, at: string } }
    | { __typename: 'StoreNotFound', message: string }
   };

export type QueueUpdatesSubscriptionVariables = Exact<{
  storeId: Scalars['ID']['input'];
}>;


export type QueueUpdatesSubscription = { __typename?: 'Subscription', storeQueueUpdated: { __typename?: 'PickTask', id: string, status: PickTaskStatus, promisedReadyAt: string, isLate: boolean, order: { __typename?: 'Order', id: string } } };


export const StoreQueueDocument = {"__meta__":{"hash":"416f3c48d478f232beaf397ef54409a32d55ccec4b82912379370edaaf15c2ef"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StoreQueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"storeId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PickTaskStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"storeQueue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"storeId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"storeId"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"promisedReadyAt"}},{"kind":"Field","name":{"kind":"Name","value":"dueInMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"isLate"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"missingQuantity"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<StoreQueueQuery, StoreQueueQueryVariables>;
export const BeginPickingDocument = {"__meta__":{"hash":"457d39988b688534136fe47c93be9f31b4ced241d1ff33c1f8094eb64c687956"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BeginPicking"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"beginPicking"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PickTaskUpdated"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PickTaskStatusConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<BeginPickingMutation, BeginPickingMutationVariables>;
export const ReportItemMissingDocument = {"__meta__":{"hash":"3a84ec548e3c220bff38fd23773f9aa75d58e28705b8f391deddd6681415d393"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReportItemMissing"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"productId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"quantity"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportItemMissing"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}},{"kind":"Argument","name":{"kind":"Name","value":"productId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"productId"}}},{"kind":"Argument","name":{"kind":"Name","value":"quantity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"quantity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PickTaskUpdated"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"missingQuantity"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PickTaskStatusConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MissingItemRejected"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<ReportItemMissingMutation, ReportItemMissingMutationVariables>;
export const PackOrderDocument = {"__meta__":{"hash":"43c98744c635fe19c11a701890508f67b9d2ec8212e115df79d4b63f72587433"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PackOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"packOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PickTaskUpdated"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"packedAt"}},{"kind":"Field","name":{"kind":"Name","value":"isLate"}},{"kind":"Field","name":{"kind":"Name","value":"minutesLate"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PickTaskStatusConflict"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NothingToPack"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<PackOrderMutation, PackOrderMutationVariables>;
export const AdjustStockDocument = {"__meta__":{"hash":"7f7c6cfdef45cb89d83216e15f034db91520c112d34cba46564d03011b97dcae"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdjustStock"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdjustStockInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adjustStock"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StockAdjusted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stockLevel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"onHand"}},{"kind":"Field","name":{"kind":"Name","value":"reserved"}},{"kind":"Field","name":{"kind":"Name","value":"available"}}]}},{"kind":"Field","name":{"kind":"Name","value":"adjustment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"delta"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StockAdjustmentRefused"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AdjustStockMutation, AdjustStockMutationVariables>;
export const QueueUpdatesDocument = {"__meta__":{"hash":"526260b81f0a89d03690ebd1d9d96f8d893807f19448d26c4d3a2857d0e95be9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"QueueUpdates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"storeId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"storeQueueUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"storeId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"storeId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"promisedReadyAt"}},{"kind":"Field","name":{"kind":"Name","value":"isLate"}}]}}]}}]} as unknown as DocumentNode<QueueUpdatesSubscription, QueueUpdatesSubscriptionVariables>;