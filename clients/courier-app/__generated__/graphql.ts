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

export type Address = {
  __typename?: 'Address';
  city: Scalars['String']['output'];
  lat: Scalars['Float']['output'];
  line1: Scalars['String']['output'];
  lng: Scalars['Float']['output'];
  postalCode: Scalars['String']['output'];
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

/** What `adjustStock` did: the change, or why it was refused (then nothing changed). */
export type AdjustStockResult = InsufficientStock | ProductNotStocked | StockAdjusted | StoreNotFound;

/** What became of a `cancelOrder`. */
export type CancelOrderResult = InvalidOrderInput | OrderCancelled;

/** A shelf of the catalog (dairy, bakery, drinks …). */
export type Category = {
  __typename?: 'Category';
  /** Stable id (`cat_…`). */
  id: Scalars['ID']['output'];
  /** Name as shown to customers. */
  name: Scalars['String']['output'];
  /** How many products the category holds. */
  productCount: Scalars['Int']['output'];
  /** URL-friendly, unique name. */
  slug: Scalars['String']['output'];
};

/** A person who carries orders from dark stores to customers. Owned by delivery; tracking adds position. */
export type Courier = {
  __typename?: 'Courier';
  /** Orders the courier carries right now. */
  currentLoad: Scalars['Int']['output'];
  /** The store the courier usually works from. */
  homeStore?: Maybe<Store>;
  /** The courier's id, as delivery issues it. */
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Latest kept position, or null if the courier has not reported one. */
  position?: Maybe<CourierPosition>;
  /** Average customer rating, 1–5. */
  rating: Scalars['Float']['output'];
  status: CourierStatus;
  vehicle: VehicleType;
};

/** Where a courier was at a moment, as the courier's phone reported it. */
export type CourierPosition = {
  __typename?: 'CourierPosition';
  /** On the live feed only: the ETA of the order this courier is carrying, recomputed from this report. Null when queried. */
  eta?: Maybe<Eta>;
  /** Degrees clockwise from north, when known. */
  heading?: Maybe<Scalars['Float']['output']>;
  /** Latitude in degrees (WGS 84). */
  lat: Scalars['Float']['output'];
  /** Longitude in degrees (WGS 84). */
  lng: Scalars['Float']['output'];
  /** When the phone took the fix (its clock, checked against ours on receipt). */
  recordedAt: Scalars['DateTime']['output'];
  /** Metres per second, when known. */
  speed?: Maybe<Scalars['Float']['output']>;
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

/** A person who orders. Owned by orders. */
export type Customer = {
  __typename?: 'Customer';
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** The customer's orders, newest first. */
  orders: OrderConnection;
};


/** A person who orders. Owned by orders. */
export type CustomerOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Getting one order to its customer. Owned by delivery. */
export type Delivery = {
  __typename?: 'Delivery';
  /** When a courier accepted it. */
  assignedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The courier who accepted it; null while it is still being offered (or if nobody ever took it). */
  courier?: Maybe<Courier>;
  /** When the courier confirmed the hand-over. */
  deliveredAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** The order being delivered. */
  order: Order;
  /** When the courier confirmed they have the bag. */
  pickedUpAt?: Maybe<Scalars['DateTime']['output']>;
  /** What the courier gave as proof of delivery (a photo URL or a code). */
  proofOfDelivery?: Maybe<Scalars['String']['output']>;
  status: DeliveryStatus;
};

/** An order nobody took: admins must find a courier (or cancel it). Orders are escalated, never dropped. */
export type DeliveryEscalation = {
  __typename?: 'DeliveryEscalation';
  /** Offers made before giving up. */
  attempts: Scalars['Int']['output'];
  /** The order's failed delivery. */
  delivery: Delivery;
  escalatedAt: Scalars['DateTime']['output'];
  order: Order;
  reason: EscalationReason;
  /** The store holding the order. */
  store: Store;
};

/**
 * An order offered to one courier, who may accept or decline it until `expiresAt`. One courier has at
 * most one pending offer, and an order is offered to one courier at a time.
 */
export type DeliveryOffer = {
  __typename?: 'DeliveryOffer';
  /** 1 for the first courier asked about this order, 2 for the next, and so on. */
  attempt: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The delivery the offer would assign the courier to. */
  delivery: Delivery;
  /** Straight-line distance from the courier to the store when the offer was made, in metres. */
  distanceMeters: Scalars['Int']['output'];
  /** Where the customer wants it. */
  dropoffLocation: GeoPoint;
  /** Estimated travel time from the courier to the store when the offer was made, in seconds. */
  etaToStoreSeconds: Scalars['Int']['output'];
  /** The answer must come before this moment; afterwards the order goes to the next courier. */
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** The order on offer. */
  order: Order;
  /** Where the store is. */
  pickupLocation: GeoPoint;
  /** When the store expects the order to be packed; null if the store has not said. */
  readyAt?: Maybe<Scalars['DateTime']['output']>;
  status: OfferStatus;
  /** The dark store to collect the order from. */
  store: Store;
};

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

/** An estimate of when an order reaches the customer's door. */
export type Eta = {
  __typename?: 'Eta';
  /** When this estimate was made. */
  computedAt: Scalars['DateTime']['output'];
  /** The moment the courier is expected at the door. */
  estimatedArrivalAt: Scalars['DateTime']['output'];
  /** Whole minutes from `computedAt` to `estimatedArrivalAt`, rounded up; 0 once the courier should be there. */
  minutesRemaining: Scalars['Int']['output'];
};

/** A point on Earth (WGS 84). */
export type GeoPoint = {
  __typename?: 'GeoPoint';
  lat: Scalars['Float']['output'];
  lng: Scalars['Float']['output'];
};

/** One problem with the input. */
export type InputProblem = {
  __typename?: 'InputProblem';
  /** Path of the offending input field, e.g. `items.2.quantity`. */
  field: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

/** Taking that many units away would leave fewer on hand than are reserved for orders (or a count beyond what can be stored). */
export type InsufficientStock = StockAdjustmentRefused & {
  __typename?: 'InsufficientStock';
  /** onHand − reserved: the most that can be taken away. */
  available: Scalars['Int']['output'];
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
  /** Units on hand now (unchanged). */
  onHand: Scalars['Int']['output'];
  /** The delta that was refused. */
  requestedDelta: Scalars['Int']['output'];
  /** Units held for orders now. */
  reserved: Scalars['Int']['output'];
};

/** The request cannot be served as sent. Nothing was reserved, charged or recorded. */
export type InvalidOrderInput = {
  __typename?: 'InvalidOrderInput';
  /** All problems in one sentence, for the customer. */
  message: Scalars['String']['output'];
  problems: Array<InputProblem>;
};

/** One change of a store's stock by its staff, as the inventory history keeps it. */
export type InventoryAdjustment = {
  __typename?: 'InventoryAdjustment';
  /** Who made the change (the caller's subject). */
  actor: Scalars['String']['output'];
  /** When the change was committed. */
  at: Scalars['DateTime']['output'];
  /** Units added (positive) or taken away (negative). */
  delta: Scalars['Int']['output'];
  /** `adj_<uuid>`; the uuid is the id of the `inventory.changed` event it caused. */
  id: Scalars['ID']['output'];
  /** Units on hand right after the change. */
  onHandAfter: Scalars['Int']['output'];
  /** Why, as the staff member wrote it. */
  reason: Scalars['String']['output'];
  /** Units reserved at the time of the change (an adjustment never touches them). */
  reservedAfter: Scalars['Int']['output'];
};

/** A place given by the client, in WGS 84 degrees: usually where the customer wants the delivery. */
export type LocationInput = {
  /** Latitude, −90 … 90. */
  lat: Scalars['Float']['input'];
  /** Longitude, −180 … 180. */
  lng: Scalars['Float']['input'];
};

/** The answer to a location report. Invalid reports are refused with a BAD_USER_INPUT error instead. */
export type LocationReportAck = {
  __typename?: 'LocationReportAck';
  /** True when the report became the courier's latest position (and history, during a delivery). */
  kept: Scalars['Boolean']['output'];
  /** Why the report was not kept; null when it was. */
  skipped?: Maybe<LocationReportSkipReason>;
};

/** Why a valid report was acknowledged without being kept. */
export type LocationReportSkipReason =
  /** The report is not newer than the courier's latest kept position (a retry or a flushed backlog). */
  | 'OUT_OF_ORDER'
  /** A report of this courier was kept less than 3 s ago; send the next one later. */
  | 'TOO_SOON';

/** An amount of money in minor units (cents) so sums never suffer from floating point. */
export type Money = {
  __typename?: 'Money';
  /** Amount in the currency's minor unit, e.g. 249 for €2.49. */
  amountCents: Scalars['Int']['output'];
  /** ISO 4217 currency code. */
  currency: Scalars['String']['output'];
};

/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Takes the offered order: the delivery is ASSIGNED to you and you become BUSY. Only your own offer
   * (else FORBIDDEN), only while it is PENDING and before `expiresAt` (else INVALID_STATE); unknown
   * offer: NOT_FOUND.
   */
  acceptOffer: Delivery;
  /**
   * Changes a store's stock of one product by `delta`, for staff of that store and admins. The change is
   * kept in the inventory history and published as `inventory.changed`; free stock (on hand − reserved)
   * never goes below zero.
   */
  adjustStock: AdjustStockResult;
  /**
   * Cancels an order: its customer may until picking starts, an admin until it is delivered. Stock is
   * released and the payment refunded. Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, and INVALID_STATE
   * when the order can no longer be cancelled (nothing is changed then).
   */
  cancelOrder: CancelOrderResult;
  /**
   * Confirms the hand-over (PICKED_UP → DELIVERED) with proof, a photo URL or code of 1–2000 characters
   * (else BAD_USER_INPUT); you are IDLE again. Other errors as for confirmPickup.
   */
  confirmDelivery: Delivery;
  /**
   * Confirms you collected the packed order from the store (ASSIGNED → PICKED_UP). The assigned courier
   * only (else FORBIDDEN); INVALID_STATE in another state or while the store has not packed it;
   * NOT_FOUND when the order has no delivery.
   */
  confirmPickup: Delivery;
  /** Turns your pending offer down; the order goes to the next courier at once and you are IDLE again. Errors as for acceptOffer. */
  declineOffer: DeliveryOffer;
  /**
   * Reports units of a product that the store cannot supply, while PICKING. The order goes on without
   * them and the customer is refunded for them. BAD_USER_INPUT when the product is not in the order, the
   * quantity is not above zero, or it is more than the units ordered minus those already reported.
   */
  markItemMissing: PickTask;
  /**
   * Marks a PICKING task packed (→ PACKED): the bag holds what was ordered minus what was reported
   * missing. INVALID_STATE when every unit was reported missing: there is nothing to deliver, so the
   * order should be cancelled instead.
   */
  markPacked: PickTask;
  /**
   * Places an order for the signed-in customer: validates the cart, prices it from the catalog (the order
   * keeps those prices), reserves every item in one dark store (all or none), authorizes the payment and
   * records the order CONFIRMED. Expected failures are results, not errors; errors are UNAUTHENTICATED,
   * FORBIDDEN (not a customer), BAD_USER_INPUT (idempotency key reused for another order) and
   * UNAVAILABLE (a service we depend on did not answer; nothing was charged, retry with the same key).
   */
  placeOrder: PlaceOrderResult;
  /**
   * Reports the calling courier's own position (role courier only). At most one report per courier per
   * 3 s is kept; the others are acknowledged with `kept: false`. Refused with BAD_USER_INPUT, and nothing
   * changed, when a value is out of range, `recordedAt` is more than 30 s in the future, or the courier
   * would have had to move faster than 60 m/s since the previous kept report.
   */
  reportLocation: LocationReportAck;
  /** Goes online (IDLE) or offline (OFFLINE). OFFERED and BUSY are set by dispatch: BAD_USER_INPUT. Going offline while offered or busy: INVALID_STATE. */
  setCourierStatus: Courier;
  /** Starts picking a QUEUED task (→ PICKING). */
  startPicking: PickTask;
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationAcceptOfferArgs = {
  offerId: Scalars['ID']['input'];
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationAdjustStockArgs = {
  input: AdjustStockInput;
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationCancelOrderArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationConfirmDeliveryArgs = {
  orderId: Scalars['ID']['input'];
  proof: Scalars['String']['input'];
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationConfirmPickupArgs = {
  orderId: Scalars['ID']['input'];
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationDeclineOfferArgs = {
  offerId: Scalars['ID']['input'];
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationMarkItemMissingArgs = {
  orderId: Scalars['ID']['input'];
  productId: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationMarkPackedArgs = {
  orderId: Scalars['ID']['input'];
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationPlaceOrderArgs = {
  input: PlaceOrderInput;
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationReportLocationArgs = {
  input: ReportLocationInput;
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationSetCourierStatusArgs = {
  status: CourierStatus;
};


/**
 * Picking and packing, by staff of the task's store or admins. The order is named by its id (one task
 * per order). Every change is published for the rest of the platform (orders advances the order).
 * Errors, with nothing changed: UNAUTHENTICATED, FORBIDDEN (another store's staff, or not staff),
 * NOT_FOUND (no pick task for the order), INVALID_STATE (the task is not in a state that allows it;
 * the message says which state it is in), BAD_USER_INPUT (see each mutation).
 */
export type MutationStartPickingArgs = {
  orderId: Scalars['ID']['input'];
};

/** A store whose delivery area includes the location asked about. */
export type NearbyStore = {
  __typename?: 'NearbyStore';
  /** Distance from the location to the store, in whole metres. */
  distanceMeters: Scalars['Int']['output'];
  /** The covering store; `isOpen` says whether it delivers right now. */
  store: Store;
};

/** No open dark store delivers to the location. Nothing was reserved, charged or recorded. */
export type NotDeliverable = {
  __typename?: 'NotDeliverable';
  reason: Scalars['String']['output'];
};

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

/** A day's opening window in the store's local time (24h `HH:MM`); `closes` may be before `opens` for overnight stores. */
export type OpeningHours = {
  __typename?: 'OpeningHours';
  closes: Scalars['String']['output'];
  /** 0 = Sunday … 6 = Saturday. */
  dayOfWeek: Scalars['Int']['output'];
  opens: Scalars['String']['output'];
};

/**
 * An order placed by a customer. Owned by orders (its single writer); fulfillment, delivery and
 * tracking extend it.
 */
export type Order = {
  __typename?: 'Order';
  customer: Customer;
  /** The current delivery of the order, or null before a courier is involved. */
  delivery?: Maybe<Delivery>;
  deliveryAddress: Address;
  /**
   * When the order should reach the customer, recomputed from the courier's latest position and the
   * store's preparation; null while no courier carries it, before the courier's first report, and once
   * it is delivered.
   */
  eta?: Maybe<Eta>;
  /** Every status change, oldest first. */
  history: Array<OrderStatusChange>;
  /** The order's id, as orders issues it. */
  id: Scalars['ID']['output'];
  items: Array<OrderItem>;
  pickTask?: Maybe<PickTask>;
  placedAt: Scalars['DateTime']['output'];
  status: OrderStatus;
  /** The dark store that fulfils the order. */
  store?: Maybe<Store>;
  /** Sum of the items at the price they were sold at. */
  total: Money;
  updatedAt: Scalars['DateTime']['output'];
};

/** The order is CANCELLED, its stock released, and (once the payment provider confirms) REFUNDED. */
export type OrderCancelled = {
  __typename?: 'OrderCancelled';
  order: Order;
  /**
   * Whether the refund went through already (the order is then REFUNDED). False when the payment
   * provider could not be reached: the refund is retried in the background until it does.
   */
  refunded: Scalars['Boolean']['output'];
};

export type OrderConnection = {
  __typename?: 'OrderConnection';
  edges: Array<OrderEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type OrderEdge = {
  __typename?: 'OrderEdge';
  cursor: Scalars['String']['output'];
  node: Order;
};

/** One line of an order. */
export type OrderItem = {
  __typename?: 'OrderItem';
  lineTotal: Money;
  product: Product;
  quantity: Scalars['Int']['output'];
  /** The price at order time, whatever the catalog says now. */
  unitPrice: Money;
};

/** One line of the cart: a product and how many of it. */
export type OrderLineInput = {
  productId: Scalars['ID']['input'];
  /** Units of the product, above zero. */
  quantity: Scalars['Int']['input'];
};

/** The order is placed: stock is reserved in one store, the payment authorized, the order CONFIRMED. */
export type OrderPlaced = {
  __typename?: 'OrderPlaced';
  order: Order;
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

/** A transition in the order's state machine. */
export type OrderStatusChange = {
  __typename?: 'OrderStatusChange';
  /** Who made the change: a user id or a service name. */
  actor: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  from?: Maybe<OrderStatus>;
  reason?: Maybe<Scalars['String']['output']>;
  to: OrderStatus;
};

/**
 * Some items are not in stock in any one store that delivers here. Nothing was reserved or charged; the
 * attempt is kept as a REJECTED order.
 */
export type OutOfStock = {
  __typename?: 'OutOfStock';
  /** The lines that could not be served, in cart order. */
  items: Array<UnavailableItem>;
  /** The attempt, REJECTED. */
  order: Order;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * The payment was not authorized (declined, or the payment provider is unavailable). Nothing was
 * charged and the stock is released; the attempt is kept as a PAYMENT_FAILED order. Retry with a new
 * idempotency key.
 */
export type PaymentDeclined = {
  __typename?: 'PaymentDeclined';
  /** The attempt, PAYMENT_FAILED. */
  order: Order;
  /** Why, in words for the customer. */
  reason: Scalars['String']['output'];
};

/** The work a dark store does for one order: pick the items, pack the bag. Owned by fulfillment. */
export type PickTask = {
  __typename?: 'PickTask';
  createdAt: Scalars['DateTime']['output'];
  /**
   * For an open (queued or picking) task, whole minutes left until the promise, rounded down: 0 in its
   * last minute, negative once it is late. Null for packed and cancelled tasks.
   */
  dueInMinutes?: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  /** Whether the task is (or was) finished after its promise. */
  isLate: Scalars['Boolean']['output'];
  /**
   * What to pick: the order's lines as they were confirmed, with what staff reported missing. Empty for
   * tasks loaded without their lines (seeded history).
   */
  items: Array<PickTaskItem>;
  /**
   * Whole minutes past the promise, rounded up (0 when on time; above 0 exactly when `isLate`). An open
   * task is measured against now, a packed one against when it was packed; a cancelled task is never late.
   */
  minutesLate: Scalars['Int']['output'];
  order: Order;
  packedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the store promised the order would be ready for a courier. */
  promisedReadyAt: Scalars['DateTime']['output'];
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: PickTaskStatus;
  store: Store;
};

/** A page of a store's pick tasks. */
export type PickTaskConnection = {
  __typename?: 'PickTaskConnection';
  edges: Array<PickTaskEdge>;
  pageInfo: PageInfo;
  /** Tasks matching the filter, on every page. */
  totalCount: Scalars['Int']['output'];
};

/** One pick task in a page, with the cursor to continue after it. */
export type PickTaskEdge = {
  __typename?: 'PickTaskEdge';
  /** Pass as `after` to get the tasks that follow this one. */
  cursor: Scalars['String']['output'];
  node: PickTask;
};

/** One line of a pick task. */
export type PickTaskItem = {
  __typename?: 'PickTaskItem';
  /** Units staff reported missing (the customer is refunded for them); never more than `quantity`. */
  missingQuantity: Scalars['Int']['output'];
  product: Product;
  /** Units ordered. */
  quantity: Scalars['Int']['output'];
};

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

/** What became of a `placeOrder`: exactly one of these, so the client can switch on `__typename`. */
export type PlaceOrderResult = InvalidOrderInput | NotDeliverable | OrderPlaced | OutOfStock | PaymentDeclined;

/** Something a customer can buy. Owned by catalog; availability adds stock per store. */
export type Product = {
  __typename?: 'Product';
  /**
   * Whether, and how many units of, this product can be delivered to `location` now. Every product in
   * one response shares a single lookup per location.
   */
  availability: ProductAvailability;
  /** The shelf it sits on. */
  category: Category;
  /** Longer text for the product page; may be empty. */
  description: Scalars['String']['output'];
  /** Stable id (`prd_…`), the key other subgraphs refer to. */
  id: Scalars['ID']['output'];
  /** Product photo URL, or null when there is none. */
  imageUrl?: Maybe<Scalars['String']['output']>;
  /** Name as shown to customers. */
  name: Scalars['String']['output'];
  /** Current list price. Orders keep the price at order time separately. */
  price: Money;
  /** Stock keeping unit, unique across the catalog. */
  sku: Scalars['String']['output'];
  /** Stock in every store that carries the product. */
  stockLevels: Array<StockLevel>;
  /** Free-form labels used for filtering, e.g. vegan, organic, gluten-free. */
  tags: Array<Scalars['String']['output']>;
};


/** Something a customer can buy. Owned by catalog; availability adds stock per store. */
export type ProductAvailabilityArgs = {
  location: LocationInput;
};

/**
 * What of one product can be delivered to a location now: the free units (on hand − reserved) of every
 * store that is open and whose delivery radius covers the location, added up.
 */
export type ProductAvailability = {
  __typename?: 'ProductAvailability';
  /** True when at least one unit is free in a covering open store. */
  deliverable: Scalars['Boolean']['output'];
  /** The product asked about. An id availability has never stocked is simply not deliverable. */
  product: Product;
  /** Free units summed over every covering open store. */
  quantity: Scalars['Int']['output'];
  /**
   * True when Postgres could not be reached: the answer comes from the cache as it was, and a product
   * (or store) the cache did not hold counts as nothing free. False when the answer is current.
   */
  stale: Scalars['Boolean']['output'];
  /** The covering open stores that hold free units of the product, nearest first. */
  stores: Array<StoreAvailability>;
};

/** A page of products, Relay style. */
export type ProductConnection = {
  __typename?: 'ProductConnection';
  /** The products of this page, in the order asked for. */
  edges: Array<ProductEdge>;
  /** Whether more pages follow, and where this one ends. */
  pageInfo: PageInfo;
  /** How many products match, across all pages. */
  totalCount: Scalars['Int']['output'];
};

export type ProductEdge = {
  __typename?: 'ProductEdge';
  /** Opaque cursor; pass it as `after` to get the products that follow. */
  cursor: Scalars['String']['output'];
  /** The product. */
  node: Product;
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

/** The store exists but does not carry the product; lines are added to a store's range by the stock import, not by adjustments. */
export type ProductNotStocked = StockAdjustmentRefused & {
  __typename?: 'ProductNotStocked';
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
  /** The product it does not carry. */
  productId: Scalars['ID']['output'];
  /** The store asked about. */
  storeId: Scalars['ID']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * What of each product can be delivered to `location` now, in the order of `productIds` (1–200 ids).
   * Unknown product ids are answered as not deliverable, quantity 0.
   */
  availability: Array<ProductAvailability>;
  /** Every category, by name. */
  categories: Array<Category>;
  /** One courier by id (the courier themselves, or admins). */
  courier?: Maybe<Courier>;
  /** The latest position of a courier (the courier themselves, or admins). */
  courierPosition?: Maybe<CourierPosition>;
  /** One delivery by id. */
  delivery?: Maybe<Delivery>;
  /** Orders nobody took, longest waiting first (1–200, default 50). Admins only. */
  escalatedDeliveries: Array<DeliveryEscalation>;
  /** The signed-in customer. */
  me?: Maybe<Customer>;
  /** The signed-in courier's offers still waiting for an answer (at most one), newest first. Couriers only. */
  myOffers: Array<DeliveryOffer>;
  /** The signed-in customer's orders, newest first. */
  myOrders: OrderConnection;
  /** An order the caller may see (their own, their store's, or any for admins); null if it does not exist. */
  order?: Maybe<Order>;
  /** One pick task by id (staff of its store and admins). */
  pickTask?: Maybe<PickTask>;
  /** One product by id, or null when it does not exist. */
  product?: Maybe<Product>;
  /**
   * Products matching `filter`: ranked by relevance when `filter.search` is given, otherwise ordered by
   * name. Invalid arguments are BAD_USER_INPUT.
   */
  products: ProductConnection;
  /** One store by id, or null when it does not exist. */
  store?: Maybe<Store>;
  /**
   * The store's work list for its staff tablet, most urgent first (earliest promise, then id). Without
   * `status`, the open tasks (QUEUED and PICKING); with it, only that status (e.g. PACKED for today's
   * history). Staff of the store and admins only. Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT
   * (`first` outside 0–100, or an `after` this API did not return).
   */
  storeQueue: PickTaskConnection;
  /** Every store, by name. */
  stores: Array<Store>;
  /** Every store whose delivery radius covers `location`, open or not (see `Store.isOpen`), nearest first. */
  storesNear: Array<NearbyStore>;
};


export type QueryAvailabilityArgs = {
  location: LocationInput;
  productIds: Array<Scalars['ID']['input']>;
};


export type QueryCourierArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCourierPositionArgs = {
  courierId: Scalars['ID']['input'];
};


export type QueryDeliveryArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEscalatedDeliveriesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryMyOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPickTaskArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProductArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProductsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  filter?: InputMaybe<ProductFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryStoreArgs = {
  id: Scalars['ID']['input'];
};


export type QueryStoreQueueArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<PickTaskStatus>;
  storeId: Scalars['ID']['input'];
};


export type QueryStoresNearArgs = {
  location: LocationInput;
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

/** The stock was changed, recorded in the inventory history and announced as `inventory.changed`. */
export type StockAdjusted = {
  __typename?: 'StockAdjusted';
  /** The history entry this change wrote. */
  adjustment: InventoryAdjustment;
  /** The product's stock in the store after the change. */
  stockLevel: StockLevel;
};

/** Why a stock adjustment was refused. Nothing was changed. */
export type StockAdjustmentRefused = {
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
};

/** Stock of one product in one store. */
export type StockLevel = {
  __typename?: 'StockLevel';
  /** onHand − reserved: what can still be sold. */
  available: Scalars['Int']['output'];
  onHand: Scalars['Int']['output'];
  /** Units held for orders not yet packed. */
  reserved: Scalars['Int']['output'];
  store: Store;
};

/**
 * A dark store: a small warehouse that picks and packs orders for the area it covers.
 * Owned by availability; fulfillment adds its queue and delivery its couriers.
 */
export type Store = {
  __typename?: 'Store';
  address: Scalars['String']['output'];
  /** How many orders the store can work on at once. */
  capacity: Scalars['Int']['output'];
  /** Customers within this distance of the store can be served by it. */
  deliveryRadiusMeters: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** Whether the store is open right now. */
  isOpen: Scalars['Boolean']['output'];
  location: GeoPoint;
  name: Scalars['String']['output'];
  /** Open (queued or picking) tasks right now. */
  openTaskCount: Scalars['Int']['output'];
  openingHours: Array<OpeningHours>;
  /** The store's pick tasks, oldest first; optionally only one status. Staff of the store and admins only. */
  queue: Array<PickTask>;
};


/**
 * A dark store: a small warehouse that picks and packs orders for the area it covers.
 * Owned by availability; fulfillment adds its queue and delivery its couriers.
 */
export type StoreQueueArgs = {
  status?: InputMaybe<PickTaskStatus>;
};

/** One covering store's share of a product's availability. */
export type StoreAvailability = {
  __typename?: 'StoreAvailability';
  /** Distance from the location to the store, in whole metres. */
  distanceMeters: Scalars['Int']['output'];
  /** Free units of the product in this store. */
  quantity: Scalars['Int']['output'];
  /** The covering store. */
  store: Store;
};

/** No store has this id. */
export type StoreNotFound = StockAdjustmentRefused & {
  __typename?: 'StoreNotFound';
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
  /** The id no store has. */
  storeId: Scalars['ID']['output'];
};

/**
 * Live feeds. The gateway serves these over WebSocket (graphql-ws) at the same URL as queries, fed by
 * NATS; this subgraph only declares them.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /** The courier's position and the order's ETA on each kept report, for whoever may see the order. */
  courierPosition: CourierPosition;
  /** Offers made to the signed-in courier, as they are made. */
  deliveryOffers: DeliveryOffer;
  /** The order now, then again on every status change, in order. Only for whoever may see the order. */
  orderUpdated: Order;
  /** New and changed pick tasks of a store, for its staff and admins. The store's open queue is sent first. */
  storeQueueUpdated: PickTask;
};


/**
 * Live feeds. The gateway serves these over WebSocket (graphql-ws) at the same URL as queries, fed by
 * NATS; this subgraph only declares them.
 */
export type SubscriptionCourierPositionArgs = {
  orderId: Scalars['ID']['input'];
};


/**
 * Live feeds. The gateway serves these over WebSocket (graphql-ws) at the same URL as queries, fed by
 * NATS; this subgraph only declares them.
 */
export type SubscriptionOrderUpdatedArgs = {
  orderId: Scalars['ID']['input'];
};


/**
 * Live feeds. The gateway serves these over WebSocket (graphql-ws) at the same URL as queries, fed by
 * NATS; this subgraph only declares them.
 */
export type SubscriptionStoreQueueUpdatedArgs = {
  storeId: Scalars['ID']['input'];
};

/** A cart line that cannot be served as asked. */
export type UnavailableItem = {
  __typename?: 'UnavailableItem';
  /** The most units of the product free in any one open store that delivers to the location. */
  available: Scalars['Int']['output'];
  product: Product;
  requested: Scalars['Int']['output'];
};

/** How a courier gets around; it sets their travel speed in the dispatch estimate. */
export type VehicleType =
  | 'BICYCLE'
  | 'CAR'
  | 'E_BIKE'
  | 'SCOOTER';

export type SetCourierStatusMutationVariables = Exact<{
  status: CourierStatus;
}>;


export type SetCourierStatusMutation = { __typename?: 'Mutation', setCourierStatus: { __typename?: 'Courier', id: string, status: CourierStatus } };

export type MyOffersQueryVariables = Exact<{ [key: string]: never; }>;


export type MyOffersQuery = { __typename?: 'Query', myOffers: Array<{ __typename?: 'DeliveryOffer', id: string, status: OfferStatus, attempt: number, distanceMeters: number, etaToStoreSeconds: number, readyAt?: string | null, expiresAt: string, createdAt: string, order: { __typename?: 'Order', id: string }, store: { __typename?: 'Store', id: string, name: string, address: string }, pickupLocation: { __typename?: 'GeoPoint', lat: number, lng: number }, dropoffLocation: { __typename?: 'GeoPoint', lat: number, lng: number } }> };

export type AcceptOfferMutationVariables = Exact<{
  offerId: Scalars['ID']['input'];
}>;


export type AcceptOfferMutation = { __typename?: 'Mutation', acceptOffer: { __typename?: 'Delivery', id: string, status: DeliveryStatus, assignedAt?: string | null } };

export type DeclineOfferMutationVariables = Exact<{
  offerId: Scalars['ID']['input'];
}>;


export type DeclineOfferMutation = { __typename?: 'Mutation', declineOffer: { __typename?: 'DeliveryOffer', id: string, status: OfferStatus } };

export type ConfirmPickupMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
}>;


export type ConfirmPickupMutation = { __typename?: 'Mutation', confirmPickup: { __typename?: 'Delivery', id: string, status: DeliveryStatus, pickedUpAt?: string | null } };

export type ConfirmDeliveryMutationVariables = Exact<{
  orderId: Scalars['ID']['input'];
  proof: Scalars['String']['input'];
}>;


export type ConfirmDeliveryMutation = { __typename?: 'Mutation', confirmDelivery: { __typename?: 'Delivery', id: string, status: DeliveryStatus, deliveredAt?: string | null } };

export type ReportLocationMutationVariables = Exact<{
  input: ReportLocationInput;
}>;


export type ReportLocationMutation = { __typename?: 'Mutation', reportLocation: { __typename?: 'LocationReportAck', kept: boolean, skipped?: LocationReportSkipReason | null } };

export type IncomingOffersSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type IncomingOffersSubscription = { __typename?: 'Subscription', deliveryOffers: { __typename?: 'DeliveryOffer', id: string, status: OfferStatus, attempt: number, expiresAt: string, order: { __typename?: 'Order', id: string }, store: { __typename?: 'Store', id: string, name: string, address: string }, pickupLocation: { __typename?: 'GeoPoint', lat: number, lng: number }, dropoffLocation: { __typename?: 'GeoPoint', lat: number, lng: number } } };


export const SetCourierStatusDocument = {"__meta__":{"hash":"dde93ce2d0a769a8c1bded5e78af164dba28229b101865f70b2c442444339d02"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetCourierStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CourierStatus"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setCourierStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SetCourierStatusMutation, SetCourierStatusMutationVariables>;
export const MyOffersDocument = {"__meta__":{"hash":"993770523f9c25a3a0e508a3279be634ab0535826a74f90e99f409ea358c02f9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyOffers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myOffers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pickupLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dropoffLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"distanceMeters"}},{"kind":"Field","name":{"kind":"Name","value":"etaToStoreSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"readyAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<MyOffersQuery, MyOffersQueryVariables>;
export const AcceptOfferDocument = {"__meta__":{"hash":"6cdea6e5676a7348c3e3c27444d37fb38c1f077b59cf771b0e2012ebf6793f72"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcceptOffer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptOffer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"offerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedAt"}}]}}]}}]} as unknown as DocumentNode<AcceptOfferMutation, AcceptOfferMutationVariables>;
export const DeclineOfferDocument = {"__meta__":{"hash":"7fcd4d0fc8571bdd7312efa002914743962a84da9656cb0a5c2d154dba9f19b1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeclineOffer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"declineOffer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"offerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<DeclineOfferMutation, DeclineOfferMutationVariables>;
export const ConfirmPickupDocument = {"__meta__":{"hash":"6fa579418d40fded2e3c47486280ee1130a8f9b23638fbb8e8ded791ca2598c4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConfirmPickup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmPickup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"pickedUpAt"}}]}}]}}]} as unknown as DocumentNode<ConfirmPickupMutation, ConfirmPickupMutationVariables>;
export const ConfirmDeliveryDocument = {"__meta__":{"hash":"821ef93b939677c5085da9cf3fa3130b87aa316b8c90d73116a069ab4331f6cc"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConfirmDelivery"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"proof"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmDelivery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}},{"kind":"Argument","name":{"kind":"Name","value":"proof"},"value":{"kind":"Variable","name":{"kind":"Name","value":"proof"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}}]}}]}}]} as unknown as DocumentNode<ConfirmDeliveryMutation, ConfirmDeliveryMutationVariables>;
export const ReportLocationDocument = {"__meta__":{"hash":"dc3da9255b93a646bf84678518a2c46e029bf48fdeb4f35f638055cd7f4b0278"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReportLocation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReportLocationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportLocation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kept"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}}]}}]}}]} as unknown as DocumentNode<ReportLocationMutation, ReportLocationMutationVariables>;
export const IncomingOffersDocument = {"__meta__":{"hash":"e4d92faecb16143e6b19dba941d79d1e274bf5e963f00776a69383ccf9cafc89"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"IncomingOffers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliveryOffers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"store"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pickupLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dropoffLocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<IncomingOffersSubscription, IncomingOffersSubscriptionVariables>;