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

export type WebStoresQueryVariables = Exact<{ [key: string]: never; }>;


export type WebStoresQuery = { __typename?: 'Query', stores: Array<{ __typename?: 'Store', id: string, name: string, isOpen: boolean, capacity: number, openTaskCount: number, location: { __typename?: 'GeoPoint', lat: number, lng: number } }> };

export type WebDispatchBoardQueryVariables = Exact<{ [key: string]: never; }>;


export type WebDispatchBoardQuery = { __typename?: 'Query', ordersAwaitingCourier: Array<{ __typename?: 'CourierWait', offered: boolean, attempts: number, waitingSince: string, order: { __typename?: 'Order', id: string, status: OrderStatus }, store: { __typename?: 'Store', id: string, name: string }, dropoffLocation?: { __typename?: 'GeoPoint', lat: number, lng: number } | null }>, escalatedDeliveries: Array<{ __typename?: 'DeliveryEscalation', reason: EscalationReason, attempts: number, escalatedAt: string, order: { __typename?: 'Order', id: string }, store: { __typename?: 'Store', id: string, name: string } }>, operationsSummary: { __typename?: 'OperationsSummary', ordersPerMinute: number, windowMinutes: number, ordersToday: number, deliveredToday: number, medianOrderToDoorSeconds?: number | null, computedAt: string } };

export type WebCityCouriersSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type WebCityCouriersSubscription = { __typename?: 'Subscription', cityCouriers: { __typename?: 'Courier', id: string, name: string, vehicle: VehicleType, rating: number, status: CourierStatus, position?: { __typename?: 'CourierPosition', lat: number, lng: number, heading?: number | null, recordedAt: string } | null } };

export type WebStoreLoadSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type WebStoreLoadSubscription = { __typename?: 'Subscription', storeLoadUpdated: { __typename?: 'Store', id: string, openTaskCount: number } };

export type WebMeQueryVariables = Exact<{ [key: string]: never; }>;


export type WebMeQuery = { __typename?: 'Query', me?: { __typename?: 'Customer', id: string, name: string } | null };

export type WebMyOrdersQueryVariables = Exact<{ [key: string]: never; }>;


export type WebMyOrdersQuery = { __typename?: 'Query', myOrders: { __typename?: 'OrderConnection', edges: Array<{ __typename?: 'OrderEdge', node: { __typename?: 'Order', id: string, status: OrderStatus, placedAt: string, store?: { __typename?: 'Store', name: string } | null } }> } };

export type WebTrackedOrderQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type WebTrackedOrderQuery = { __typename?: 'Query', order?: { __typename?: 'Order', id: string, status: OrderStatus, placedAt: string, total: { __typename?: 'Money', amountCents: number, currency: string }, items: Array<{ __typename?: 'OrderItem', quantity: number, lineTotal: { __typename?: 'Money', amountCents: number, currency: string }, product: { __typename?: 'Product', id: string, name: string } }>, deliveryAddress: { __typename?: 'Address', line1: string, city: string, postalCode: string, lat: number, lng: number }, store?: { __typename?: 'Store', id: string, name: string, address: string, location: { __typename?: 'GeoPoint', lat: number, lng: number } } | null, eta?: { __typename?: 'Eta', estimatedArrivalAt: string, minutesRemaining: number } | null, delivery?: { __typename?: 'Delivery', status: DeliveryStatus, courier?: { __typename?: 'Courier', id: string, name: string, rating: number, vehicle: VehicleType, position?: { __typename?: 'CourierPosition', lat: number, lng: number, heading?: number | null, recordedAt: string } | null } | null } | null, history: Array<{ __typename?: 'OrderStatusChange', to: OrderStatus, at: string }> } | null };

export type WebOrderUpdatesSubscriptionVariables = Exact<{
  orderId: Scalars['ID']['input'];
}>;


export type WebOrderUpdatesSubscription = { __typename?: 'Subscription', orderUpdated: { __typename?: 'Order', id: string, status: OrderStatus, delivery?: { __typename?: 'Delivery', status: DeliveryStatus, courier?: { __typename?: 'Courier', id: string, name: string, rating: number, vehicle: VehicleType } | null } | null, history: Array<{ __typename?: 'OrderStatusChange', to: OrderStatus, at: string }> } };

export type WebCourierPositionSubscriptionVariables = Exact<{
  orderId: Scalars['ID']['input'];
}>;


export type WebCourierPositionSubscription = { __typename?: 'Subscription', courierPosition: { __typename?: 'CourierPosition', lat: number, lng: number, heading?: number | null, recordedAt: string, eta?: { __typename?: 'Eta', estimatedArrivalAt: string, minutesRemaining: number } | null } };


export const WebStoresDocument = {"__meta__":{"hash":"3d07357f61bf36f87dd4064f4e58d7d5a0b558629e20d04db5cdb088421fc9b0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebStores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"isOpen"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"openTaskCount"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}}]}}]}}]} as unknown as DocumentNode<WebStoresQuery, WebStoresQueryVariables>;
export const WebDispatchBoardDocument = {"__meta__":{"hash":"9d8bd516d94689fb11c1bde78884a11a667faac13048f64b04d63eb16dd80831"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebDispatchBoard"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ordersAwaitingCourier"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"offered"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"dropoffLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"waitingSince"}}]}},{"kind":"Field","name":{"kind":"Name","value":"escalatedDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"escalatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"operationsSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ordersPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"windowMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"ordersToday"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredToday"}},{"kind":"Field","name":{"kind":"Name","value":"medianOrderToDoorSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}}]}}]} as unknown as DocumentNode<WebDispatchBoardQuery, WebDispatchBoardQueryVariables>;
export const WebCityCouriersDocument = {"__meta__":{"hash":"a573b9aeb3ef4c836d0c01408391a406b5ed104ab034008d429ca2a9fdcf5f8a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebCityCouriers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cityCouriers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"vehicle"}},{"kind":"Field","name":{"kind":"Name","value":"rating"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"position"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}},{"kind":"Field","name":{"kind":"Name","value":"heading"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}}]}}]}}]}}]} as unknown as DocumentNode<WebCityCouriersSubscription, WebCityCouriersSubscriptionVariables>;
export const WebStoreLoadDocument = {"__meta__":{"hash":"3709fb1d353999456bfb4c6187dc03aac4c1f324f3cd2cf19f38ff30bb06359b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebStoreLoad"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"storeLoadUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"openTaskCount"}}]}}]}}]} as unknown as DocumentNode<WebStoreLoadSubscription, WebStoreLoadSubscriptionVariables>;
export const WebMeDocument = {"__meta__":{"hash":"932c2ae7c82eca1b54213d4ac703b9ebd87d41dac6cfc67f4600f3e776869fea"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebMe"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<WebMeQuery, WebMeQueryVariables>;
export const WebMyOrdersDocument = {"__meta__":{"hash":"688129e3eeb423cb7c01d75c464b5235f0fcbb908ecdaf0e285ecdf9c83f4350"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebMyOrders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myOrders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"placedAt"}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebMyOrdersQuery, WebMyOrdersQueryVariables>;
export const WebTrackedOrderDocument = {"__meta__":{"hash":"ecb9ed414d51655481a5776d4d520c451f76ea080f7adeaab2c01ffc1178d76b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebTrackedOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"placedAt"}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountCents"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"lineTotal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountCents"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"product"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveryAddress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"line1"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"eta"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"estimatedArrivalAt"}},{"kind":"Field","name":{"kind":"Name","value":"minutesRemaining"}}]}},{"kind":"Field","name":{"kind":"Name","value":"delivery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"courier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"rating"}},{"kind":"Field","name":{"kind":"Name","value":"vehicle"}},{"kind":"Field","name":{"kind":"Name","value":"position"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}},{"kind":"Field","name":{"kind":"Name","value":"heading"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]}}]} as unknown as DocumentNode<WebTrackedOrderQuery, WebTrackedOrderQueryVariables>;
export const WebOrderUpdatesDocument = {"__meta__":{"hash":"e1bd31f1b21252a439726c35be89420148662ad4a940d2816159a6f47d89567a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebOrderUpdates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"delivery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"courier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"rating"}},{"kind":"Field","name":{"kind":"Name","value":"vehicle"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]}}]} as unknown as DocumentNode<WebOrderUpdatesSubscription, WebOrderUpdatesSubscriptionVariables>;
export const WebCourierPositionDocument = {"__meta__":{"hash":"8eb80d85e6f54a5c91e8b55195f92636257c21e384d00ce0d0e1faa80b67e130"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebCourierPosition"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courierPosition"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}},{"kind":"Field","name":{"kind":"Name","value":"heading"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"eta"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"estimatedArrivalAt"}},{"kind":"Field","name":{"kind":"Name","value":"minutesRemaining"}}]}}]}}]}}]} as unknown as DocumentNode<WebCourierPositionSubscription, WebCourierPositionSubscriptionVariables>;