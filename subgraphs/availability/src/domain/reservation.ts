import { badInput } from '@qc/shared';
import type { StoreAtDistance } from './coverage';
import { assertLocation, MAX_ID_LENGTH, type Location } from './location';

/** A reservation's life: held (ACTIVE) → order confirmed (CONFIRMED) → bag packed (CONSUMED); or given back (RELEASED). */
export type ReservationStatus = 'ACTIVE' | 'CONFIRMED' | 'RELEASED' | 'CONSUMED';

/** Statuses in which the units are still held in `stock.reserved`, so a release or a packing can act on them. */
export const HOLDING: readonly ReservationStatus[] = ['ACTIVE', 'CONFIRMED'];

/** The hold lasts this long unless the order is confirmed (domain.md: 10 minutes). */
export const DEFAULT_TTL_SECONDS = 600;
export const MAX_TTL_SECONDS = 3600;
/** One order's lines; orders refuses more than 100 too. */
export const MAX_LINES = 100;
export const MAX_LINE_QUANTITY = 1000;
export const MAX_REASON_LENGTH = 500;

/** One product and how many of its units. */
export interface ReservationLine {
  productId: string;
  quantity: number;
}

/** What orders asks to hold (GraphQL `ReserveStockInput`). */
export interface ReserveRequestInput {
  orderId: string;
  location: Location;
  items: readonly ReservationLine[];
  ttlSeconds?: number | null;
}

/** A request that passed validation: lines sorted by product id (the order rows are locked in), ttl filled in. */
export interface ReserveRequest {
  orderId: string;
  location: Location;
  items: ReservationLine[];
  ttlSeconds: number;
}

/** An item no covering open store can hold in full (GraphQL `ShortItem`). */
export interface ShortItem {
  productId: string;
  requested: number;
  /** The most free units of the product in any one covering open store. */
  available: number;
}

/** What `reserveStock` did (the `ReserveStockResult` union). */
export type ReserveOutcome =
  | { kind: 'reserved'; reservationId: string; storeId: string; expiresAt: Date; distanceMeters: number }
  | { kind: 'out-of-stock'; items: ShortItem[] }
  | { kind: 'not-deliverable'; reason: string };

const byProduct = (a: ReservationLine, b: ReservationLine) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);

function assertId(value: string, field: string, what: string): void {
  if (value.trim().length === 0 || value.length > MAX_ID_LENGTH) throw badInput(`"${value.slice(0, 20)}" is not ${what}`, field);
}

/**
 * Throws BAD_USER_INPUT for a bad order id or location, no lines or more than 100, a product named twice,
 * a quantity outside 1–1,000 or a ttl outside 1–3,600 s. Returns the request with its lines sorted by
 * product id: every writer locks stock rows in that order, so two reservations never deadlock.
 */
export function validateReserveRequest(input: ReserveRequestInput): ReserveRequest {
  assertId(input.orderId, 'orderId', 'an order id');
  assertLocation(input.location);
  if (input.items.length === 0) throw badInput('items must name at least one product', 'items');
  if (input.items.length > MAX_LINES) throw badInput(`items has ${input.items.length} lines; at most ${MAX_LINES}`, 'items');
  const seen = new Set<string>();
  for (const [i, item] of input.items.entries()) {
    assertId(item.productId, `items.${i}.productId`, 'a product id');
    if (seen.has(item.productId)) throw badInput(`product ${item.productId} is named twice; send one line per product`, `items.${i}.productId`);
    seen.add(item.productId);
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_LINE_QUANTITY) {
      throw badInput(`quantity of ${item.productId} must be a whole number from 1 to ${MAX_LINE_QUANTITY}`, `items.${i}.quantity`);
    }
  }
  const ttlSeconds = input.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
    throw badInput(`ttlSeconds must be a whole number from 1 to ${MAX_TTL_SECONDS}`, 'ttlSeconds');
  }
  return {
    orderId: input.orderId,
    location: { lat: input.location.lat, lng: input.location.lng },
    items: input.items.map(({ productId, quantity }) => ({ productId, quantity })).sort(byProduct),
    ttlSeconds,
  };
}

/** Throws BAD_USER_INPUT for an empty or over-long order id. */
export const validateOrderId = (orderId: string): void => assertId(orderId, 'orderId', 'an order id');

/** The most orders one `confirmReservations` call may name. */
export const MAX_CONFIRM_BATCH = 500;

/** Throws BAD_USER_INPUT unless `orderIds` holds 1–MAX_CONFIRM_BATCH order ids. */
export function validateOrderIds(orderIds: readonly string[]): void {
  if (orderIds.length === 0 || orderIds.length > MAX_CONFIRM_BATCH) throw badInput(`name 1 to ${MAX_CONFIRM_BATCH} orders, not ${orderIds.length}`, 'orderIds');
  orderIds.forEach((orderId, i) => assertId(orderId, `orderIds.${i}`, 'an order id'));
}

/** Throws BAD_USER_INPUT for an empty or over-long order id or reason; returns the reason trimmed. */
export function validateRelease(orderId: string, reason: string): string {
  validateOrderId(orderId);
  const trimmed = reason.trim();
  if (trimmed.length === 0) throw badInput('say why the reservation is released (reason)', 'reason');
  if (trimmed.length > MAX_REASON_LENGTH) throw badInput(`reason is longer than ${MAX_REASON_LENGTH} characters`, 'reason');
  return trimmed;
}

/** Free units of a product in a store (0 when it does not carry it). */
export type FreeUnits = (storeId: string, productId: string) => number;

/** The stores (order kept) that have every line free in full: the only ones a reservation may go to. */
export const storesHoldingAll = (stores: readonly StoreAtDistance[], items: readonly ReservationLine[], free: FreeUnits): StoreAtDistance[] =>
  stores.filter(({ store }) => items.every((item) => free(store.id, item.productId) >= item.quantity));

/**
 * Why no store could take the order: the items that no covering open store has enough of, each with the
 * most free units any one of them has. When every item is free in full somewhere but no single store has
 * them all, every item is listed (each `available` then covers its request, just not in the same store).
 */
export function shortItems(stores: readonly StoreAtDistance[], items: readonly ReservationLine[], free: FreeUnits): ShortItem[] {
  const best = items.map((item) => ({
    productId: item.productId,
    requested: item.quantity,
    available: stores.reduce((most, { store }) => Math.max(most, free(store.id, item.productId)), 0),
  }));
  const short = best.filter((item) => item.available < item.requested);
  return short.length > 0 ? short : best;
}

/** One held line of one reservation. */
export interface HeldLine {
  reservationId: string;
  storeId: string;
  productId: string;
  quantity: number;
}

/** One stock row's change when several reservations give units back at once. */
export interface ReleaseStep {
  storeId: string;
  productId: string;
  /** Units given back to the row in total. */
  quantity: number;
  /** Each reservation's share, in the order the history records them. */
  shares: { reservationId: string; quantity: number }[];
}

/**
 * Groups the held lines of many reservations by stock row and sorts the rows by (store, product): one
 * UPDATE per row, taken in the same order as every other writer locks rows, so a batch release never
 * deadlocks with a reservation in flight.
 */
export function releaseSteps(lines: readonly HeldLine[]): ReleaseStep[] {
  const rows = new Map<string, ReleaseStep>();
  for (const line of lines) {
    const key = `${line.storeId}\u0000${line.productId}`;
    let step = rows.get(key);
    if (!step) rows.set(key, (step = { storeId: line.storeId, productId: line.productId, quantity: 0, shares: [] }));
    step.quantity += line.quantity;
    step.shares.push({ reservationId: line.reservationId, quantity: line.quantity });
  }
  return [...rows.values()].sort((a, b) =>
    a.storeId !== b.storeId ? (a.storeId < b.storeId ? -1 : 1) : a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0,
  );
}

/**
 * The `reserved` count right after each share of a step, given the count after the whole step: the
 * history keeps one row per reservation, each with the numbers as if they had been applied one by one.
 */
export function reservedAfterEachShare(step: ReleaseStep, reservedAfterAll: number): number[] {
  let later = step.quantity;
  return step.shares.map((share) => {
    later -= share.quantity;
    return reservedAfterAll + later;
  });
}

/** What packing does to one held line: `packed` units leave the shelf, all `reserved` units stop being held. */
export interface ConsumptionLine {
  productId: string;
  /** Units the reservation held. */
  reserved: number;
  /** Units in the bag, at most `reserved`; the rest go back to free stock. */
  packed: number;
}

/**
 * Matches what was packed against what was held. A held line missing from the bag (a missing item) is
 * packed 0: its units are released. More packed than held counts as the held amount: availability cannot
 * take units off the shelf that were never held for the order (`surplus` lists them, to be logged).
 * An empty bag (a task whose items fulfillment never knew) releases everything.
 */
export function consumptionPlan(
  held: readonly ReservationLine[],
  packed: readonly ReservationLine[],
): { lines: ConsumptionLine[]; surplus: ReservationLine[] } {
  const inBag = new Map<string, number>();
  for (const item of packed) inBag.set(item.productId, (inBag.get(item.productId) ?? 0) + Math.max(0, item.quantity));
  const lines = [...held].sort(byProduct).map((line) => ({
    productId: line.productId,
    reserved: line.quantity,
    packed: Math.min(line.quantity, inBag.get(line.productId) ?? 0),
  }));
  const heldQty = new Map(held.map((line) => [line.productId, line.quantity]));
  const surplus = [...inBag]
    .map(([productId, quantity]) => ({ productId, quantity: quantity - (heldQty.get(productId) ?? 0) }))
    .filter((item) => item.quantity > 0);
  return { lines, surplus };
}
