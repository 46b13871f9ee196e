import type { OrderItemRecord } from '../data/types';

export const MAX_ORDER_LINES = 100;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 100;
/** Per line: a quick-commerce basket, not a wholesale order; also keeps totals far from int overflow. */
export const MAX_LINE_QUANTITY = 99;
const MAX_TOTAL_CENTS = 2_147_483_647;

/** What the client sends, as the schema's `PlaceOrderInput`. */
export interface PlaceOrderRequest {
  idempotencyKey: string;
  items: { productId: string; quantity: number }[];
  deliveryLocation: { lat: number; lng: number };
  address: { line1: string; city: string; postalCode: string };
  paymentMethod: string;
}

/** One thing wrong with a request, addressed by the path of the input field. */
export interface InputProblem {
  field: string;
  message: string;
}

const blank = (value: string) => value.trim().length === 0;

function checkText(problems: InputProblem[], field: string, value: string, label: string, max: number): void {
  if (blank(value)) problems.push({ field, message: `${label} is missing` });
  else if (value.length > max) problems.push({ field, message: `${label} is longer than ${max} characters` });
}

/**
 * Everything that can be judged without asking anyone: the key, the cart's shape, the location and the
 * address. An empty list means the request may go on to pricing and reservation.
 */
export function validatePlaceOrder(request: PlaceOrderRequest): InputProblem[] {
  const problems: InputProblem[] = [];
  const key = request.idempotencyKey;
  if (blank(key)) problems.push({ field: 'idempotencyKey', message: 'The idempotency key is missing' });
  else if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    problems.push({ field: 'idempotencyKey', message: `The idempotency key is longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` });
  }

  if (request.items.length === 0) problems.push({ field: 'items', message: 'The cart is empty' });
  if (request.items.length > MAX_ORDER_LINES) {
    problems.push({ field: 'items', message: `The cart has ${request.items.length} lines; at most ${MAX_ORDER_LINES} are allowed` });
  }
  const firstLine = new Map<string, number>();
  request.items.forEach((item, i) => {
    if (blank(item.productId)) problems.push({ field: `items.${i}.productId`, message: `Line ${i + 1} has no product` });
    const seen = firstLine.get(item.productId);
    if (seen !== undefined) {
      problems.push({ field: `items.${i}.productId`, message: `Product ${item.productId} is in the cart twice (lines ${seen + 1} and ${i + 1}); order it once with the total quantity` });
    } else firstLine.set(item.productId, i);
    if (!Number.isInteger(item.quantity) || item.quantity <= 0) {
      problems.push({ field: `items.${i}.quantity`, message: `The quantity of line ${i + 1} must be at least 1` });
    } else if (item.quantity > MAX_LINE_QUANTITY) {
      problems.push({ field: `items.${i}.quantity`, message: `The quantity of line ${i + 1} is above the ${MAX_LINE_QUANTITY} allowed per product` });
    }
  });

  const { lat, lng } = request.deliveryLocation;
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) problems.push({ field: 'deliveryLocation.lat', message: 'The latitude must be between -90 and 90' });
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) problems.push({ field: 'deliveryLocation.lng', message: 'The longitude must be between -180 and 180' });

  checkText(problems, 'address.line1', request.address.line1, 'The street address', 200);
  checkText(problems, 'address.city', request.address.city, 'The city', 100);
  checkText(problems, 'address.postalCode', request.address.postalCode, 'The postal code', 20);
  checkText(problems, 'paymentMethod', request.paymentMethod, 'The payment method', 200);
  return problems;
}

/** The problems as one message for the customer. */
export const describeProblems = (problems: readonly InputProblem[]): string =>
  problems.length === 1 ? `${problems[0]!.message}.` : `${problems.length} problems: ${problems.map((p) => p.message).join('; ')}.`;

/** A product's list price as catalog gives it, or null for an unknown product. */
export interface ListPrice {
  amountCents: number;
  currency: string;
}

export type PricedCart =
  | { ok: true; items: OrderItemRecord[]; totalCents: number; currency: string }
  | { ok: false; problems: InputProblem[] };

/**
 * Prices each line at catalog's current price, which the order then keeps whatever catalog says later.
 * `prices` is in line order. Unknown products and a cart mixing currencies are input problems.
 */
export function priceCart(lines: PlaceOrderRequest['items'], prices: readonly (ListPrice | null)[]): PricedCart {
  const problems: InputProblem[] = [];
  lines.forEach((line, i) => {
    if (!prices[i]) problems.push({ field: `items.${i}.productId`, message: `Product ${line.productId} does not exist` });
  });
  if (problems.length) return { ok: false, problems };
  const items = lines.map((line, i) => ({ productId: line.productId, quantity: line.quantity, unitPriceCents: prices[i]!.amountCents, currency: prices[i]!.currency }));
  const currencies = new Set(items.map((item) => item.currency));
  if (currencies.size > 1) {
    return { ok: false, problems: [{ field: 'items', message: `The cart mixes currencies (${[...currencies].join(', ')}); order them separately` }] };
  }
  const totalCents = items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
  if (totalCents > MAX_TOTAL_CENTS) return { ok: false, problems: [{ field: 'items', message: 'The order total is too large' }] };
  return { ok: true, items, totalCents, currency: items[0]!.currency };
}
