import { preparedStatement, type Knex } from '@qc/shared';
import type { PlacementOutcome } from '../domain/placement-outcome';

/** A placement's claim on its idempotency key, and once finished, its outcome. */
export interface IdempotencyRecord {
  customerId: string;
  key: string;
  requestHash: string;
  orderId: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  outcome: PlacementOutcome | null;
  lockedUntil: Date;
}

interface IdempotencyRow {
  customer_id: string;
  key: string;
  request_hash: string;
  order_id: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  outcome: PlacementOutcome | null;
  locked_until: Date;
}

const COLUMNS = ['customer_id', 'key', 'request_hash', 'order_id', 'status', 'outcome', 'locked_until'];

const toRecord = (row: IdempotencyRow): IdempotencyRecord => ({
  customerId: row.customer_id,
  key: row.key,
  requestHash: row.request_hash,
  orderId: row.order_id,
  status: row.status,
  outcome: row.outcome,
  lockedUntil: row.locked_until,
});

/**
 * Every placement claims its key first: a prepared statement, which also says whether the customer has
 * an account here (no key is claimed for one who has not), so a placement needs no lookup of its own
 * for that. Always one row: `known`, and the claimed key's columns (null when not claimed).
 */
const claimStatement = preparedStatement<{ known: boolean } & Partial<IdempotencyRow>>(
  'orders_claim_idempotency_key',
  `WITH customer AS (SELECT EXISTS (SELECT 1 FROM customers WHERE id = $1) AS known),
   claimed AS (
     INSERT INTO idempotency_keys (customer_id, key, request_hash, order_id, status, locked_until)
     SELECT $1, $2, $3, $4, 'IN_PROGRESS', now() + make_interval(secs => $5::float8) FROM customer WHERE known
     ON CONFLICT (customer_id, key) DO NOTHING
     RETURNING ${COLUMNS.join(', ')}
   )
   SELECT customer.known, claimed.* FROM customer LEFT JOIN claimed ON true`,
);

/** Idempotency keys of `placeOrder`, keyed by (customer, key). */
export class IdempotencyRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Claims the key for one placement. Exactly one of any number of concurrent claims inserts the row
   * (the primary key decides); the others get `claimed: false` and the row as it is. For a customer
   * without an account here nothing is claimed: `unknownCustomer`.
   */
  async claim(claim: {
    customerId: string;
    key: string;
    requestHash: string;
    orderId: string;
    leaseMs: number;
  }): Promise<{ claimed: boolean; record: IdempotencyRecord | null } | { unknownCustomer: true }> {
    const [row] = await claimStatement(this.db, [claim.customerId, claim.key, claim.requestHash, claim.orderId, claim.leaseMs / 1000]);
    if (!row?.known) return { unknownCustomer: true };
    if (row.customer_id !== null && row.customer_id !== undefined) return { claimed: true, record: toRecord(row as IdempotencyRow) };
    return { claimed: false, record: await this.find(claim.customerId, claim.key) };
  }

  async find(customerId: string, key: string): Promise<IdempotencyRecord | null> {
    const row = await this.db<IdempotencyRow>('idempotency_keys').select<IdempotencyRow[]>(COLUMNS).where({ customer_id: customerId, key }).first();
    return row ? toRecord(row) : null;
  }

  /**
   * Takes over a claim whose owner's lease ran out (it crashed or hung), keeping its order id so
   * availability and the provider recognise the retry. Null when it is still owned or finished.
   */
  async takeOver(customerId: string, key: string, leaseMs: number): Promise<IdempotencyRecord | null> {
    const rows = await this.db<IdempotencyRow>('idempotency_keys')
      .where({ customer_id: customerId, key, status: 'IN_PROGRESS' })
      .andWhere('locked_until', '<', this.db.fn.now())
      .update({ locked_until: this.db.raw("now() + make_interval(secs => ?)", [leaseMs / 1000]) as unknown as Date })
      .returning(COLUMNS);
    return rows[0] ? toRecord(rows[0] as IdempotencyRow) : null;
  }

  /**
   * Records the outcome of a placement that wrote no order (one that did finishes its claim in
   * `recordPlacement`). False when the claim is no longer ours to finish (someone who took it over
   * finished first): the caller replays their outcome.
   */
  async complete(customerId: string, key: string, orderId: string, outcome: PlacementOutcome): Promise<boolean> {
    const count = await this.db('idempotency_keys')
      .where({ customer_id: customerId, key, order_id: orderId, status: 'IN_PROGRESS' })
      .update({ status: 'COMPLETED', outcome: JSON.stringify(outcome), completed_at: this.db.fn.now() });
    return count === 1;
  }

  /** Gives an unfinished claim up (a dependency failed), so a retry starts afresh with a new order id. */
  async release(customerId: string, key: string, orderId: string): Promise<void> {
    await this.db('idempotency_keys').where({ customer_id: customerId, key, order_id: orderId, status: 'IN_PROGRESS' }).del();
  }
}
