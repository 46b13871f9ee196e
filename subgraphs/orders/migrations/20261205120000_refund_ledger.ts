import type { Migration } from '@qc/shared';

/**
 * Every refund an order gets, partial (missing item) or the cancellation's remainder, is one row of
 * `refunds`, written before the provider is asked. Its id is the key the provider de-duplicates on, so
 * a retry (the provider was down, or its answer was lost) refunds once; the ledger's sum is capped at the
 * authorization. `partial_refunds` rows point at the refund that pays them.
 */
export const refundLedger: Migration = {
  name: '20261205120000_refund_ledger',
  async up(db) {
    await db.schema.createTable('refunds', (t) => {
      // item_missing:<event id> | cancellation:<order id>: the provider's idempotency key.
      t.text('id').primary();
      t.text('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE');
      t.text('kind').notNullable();
      t.integer('amount_cents').notNullable();
      t.specificType('currency', 'char(3)').notNullable();
      // OWED until the provider confirms it; then REFUNDED. Never back.
      t.text('status').notNullable();
      t.integer('attempts').notNullable().defaultTo(0);
      t.text('last_error');
      t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(db.fn.now());
      t.timestamp('refunded_at', { useTz: true, precision: 3 });
      t.check("kind IN ('ITEM_MISSING', 'CANCELLATION')", [], 'refunds_kind_known');
      t.check("status IN ('OWED', 'REFUNDED')", [], 'refunds_status_known');
      t.check('amount_cents > 0', [], 'refunds_amount_positive');
      t.check("currency ~ '^[A-Z]{3}$'", [], 'refunds_currency_iso');
      t.check("(status = 'REFUNDED') = (refunded_at IS NOT NULL)", [], 'refunds_refunded_has_time');
    });
    await db.raw('CREATE INDEX refunds_order_idx ON refunds (order_id)');
    // The retrier reads only what is owed, oldest first.
    await db.raw("CREATE INDEX refunds_owed_idx ON refunds (created_at) WHERE status = 'OWED'");
    await db.raw("CREATE UNIQUE INDEX refunds_one_cancellation ON refunds (order_id) WHERE kind = 'CANCELLATION'");

    await db.schema.alterTable('partial_refunds', (t) => {
      t.text('refund_id').references('id').inTable('refunds');
    });
    // Partial refunds made (or owed) before the ledger: owed ones are retried from now on.
    await db.raw(`
      INSERT INTO refunds (id, order_id, kind, amount_cents, currency, status, created_at, refunded_at)
      SELECT 'item_missing:' || event_id, order_id, 'ITEM_MISSING', amount_cents, currency, status, at,
             CASE WHEN status = 'REFUNDED' THEN at END
        FROM partial_refunds
       WHERE status IN ('REFUNDED', 'OWED') AND amount_cents > 0`);
    await db.raw("UPDATE partial_refunds SET refund_id = 'item_missing:' || event_id WHERE status IN ('REFUNDED', 'OWED') AND amount_cents > 0");
    await db.raw("CREATE UNIQUE INDEX partial_refunds_refund_idx ON partial_refunds (refund_id) WHERE refund_id IS NOT NULL");
  },
  async down(db) {
    await db.schema.alterTable('partial_refunds', (t) => {
      t.dropColumn('refund_id');
    });
    await db.schema.dropTable('refunds');
  },
};
