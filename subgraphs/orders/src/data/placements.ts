import { outboxSql, outboxValues, preparedStatement, type Knex, type OutboxEvent } from '@qc/shared';
import type { PlacementOutcome } from '../domain/placement-outcome';
import type { PaymentRecord } from './payments';
import type { NewOrderRecord } from './types';

/** What a placement that recorded an order writes, besides its events. */
export interface Placement {
  /** The order in its final status, with its lines and its whole history (PENDING, then the move). */
  order: NewOrderRecord;
  /** The idempotency key the placement claimed (the customer is the order's). */
  key: string;
  /** Kept with the key, so every retry gets it. */
  outcome: PlacementOutcome;
  /** Null when no payment was asked (out of stock). */
  payment: PaymentRecord | null;
}

/**
 * Finishes the claim (only while it is still this placement's: IN_PROGRESS with this order id) and,
 * only then, writes the order, its lines, its history, its payment and its events (the outbox rows,
 * `outboxSql`): one statement, so one round trip for six tables, and atomic without a transaction
 * around it. Data-modifying CTEs run once and to completion; every INSERT selects from the claim's row,
 * so a lost claim writes nothing. Lines, history and events keep their array order (line numbers from
 * 1; history ids in order, which break ties in `at`; the outbox's seq, the relay's order).
 */
const PLACEMENT_OUTBOX = outboxSql(34, { onlyWith: 'claim' });
const recordPlacementStatement = preparedStatement<{ claimed: number }>(
  'orders_record_placement',
  `WITH claim AS (
     UPDATE idempotency_keys SET status = 'COMPLETED', outcome = $4::jsonb, completed_at = now()
     WHERE customer_id = $1 AND key = $2 AND order_id = $3 AND status = 'IN_PROGRESS'
     RETURNING order_id
   ), placed AS (
     INSERT INTO orders (id, customer_id, store_id, courier_id, status, currency, total_cents, delivery_line1, delivery_city,
                         delivery_postal_code, delivery_lat, delivery_lng, placed_at, updated_at)
     SELECT order_id, $1, $5::text, $6::text, $7::text, $8::text, $9::int, $10::text, $11::text,
            $12::text, $13::float8, $14::float8, $15::timestamptz, $16::timestamptz
     FROM claim
     RETURNING id
   ), lines AS (
     INSERT INTO order_items (order_id, line, product_id, quantity, unit_price_cents, currency)
     SELECT placed.id, i.line, i.product_id, i.quantity, i.unit_price_cents, i.currency
     FROM placed, unnest($17::text[], $18::int[], $19::int[], $20::text[]) WITH ORDINALITY AS i(product_id, quantity, unit_price_cents, currency, line)
     ORDER BY i.line
   ), history AS (
     INSERT INTO order_status_history (order_id, from_status, to_status, actor, reason, at)
     SELECT placed.id, h.from_status, h.to_status, h.actor, h.reason, h.at
     FROM placed, unnest($21::text[], $22::text[], $23::text[], $24::text[], $25::timestamptz[]) WITH ORDINALITY AS h(from_status, to_status, actor, reason, at, n)
     ORDER BY h.n
   ), payment AS (
     INSERT INTO payments (order_id, provider, method, provider_payment_id, amount_cents, currency, status, failure_reason)
     SELECT placed.id, $27::text, $28::text, $29::text, $30::int, $31::text, $32::text, $33::text
     FROM placed WHERE $26::boolean
   ), ${PLACEMENT_OUTBOX.written}
   SELECT (SELECT count(*)::int FROM claim) AS claimed, ${PLACEMENT_OUTBOX.notify}`,
);

/**
 * Writes a placement's rows and `events` (their contracts checked first: one that breaks its contract
 * throws and nothing is written) in one statement (see above), committed on its own when `db` is no
 * transaction. False, and nothing written, when the claim is no longer this placement's to finish: the
 * caller replays.
 */
export async function recordPlacement(db: Knex, { order, key, outcome, payment }: Placement, events: readonly OutboxEvent[]): Promise<boolean> {
  const { values: outbox } = outboxValues(events);
  const [row] = await recordPlacementStatement(db, [
    order.customerId,
    key,
    order.id,
    JSON.stringify(outcome),
    order.storeId,
    order.courierId,
    order.status,
    order.currency,
    order.totalCents,
    order.address.line1,
    order.address.city,
    order.address.postalCode,
    order.address.lat,
    order.address.lng,
    order.placedAt,
    order.updatedAt,
    order.items.map((i) => i.productId),
    order.items.map((i) => i.quantity),
    order.items.map((i) => i.unitPriceCents),
    order.items.map((i) => i.currency),
    order.history.map((h) => h.from),
    order.history.map((h) => h.to),
    order.history.map((h) => h.actor),
    order.history.map((h) => h.reason),
    order.history.map((h) => h.at),
    payment !== null,
    payment?.provider ?? null,
    payment?.method ?? null,
    payment?.providerPaymentId ?? null,
    payment?.amountCents ?? null,
    payment?.currency ?? null,
    payment?.status ?? null,
    payment?.failureReason ?? null,
    ...outbox,
  ]);
  return row!.claimed === 1;
}
