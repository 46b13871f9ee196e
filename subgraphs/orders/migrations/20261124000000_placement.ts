import type { Migration } from '@qc/shared';

/** Idempotency keys of `placeOrder` and the payment behind each order. */
export const placement: Migration = {
  name: '20261124000000_placement',
  async up(db) {
    await db.schema.createTable('idempotency_keys', (t) => {
      // No foreign key to customers: the key is claimed before anything else is known or written.
      t.text('customer_id').notNullable();
      t.text('key').notNullable();
      // sha256 of the canonical request, so a reused key with another cart is recognised.
      t.text('request_hash').notNullable();
      // Chosen at claim time: availability and the payment provider de-duplicate on it.
      t.text('order_id').notNullable();
      t.text('status').notNullable();
      t.jsonb('outcome');
      // Until then the claim belongs to the request that made it; later a retry may take it over.
      t.timestamp('locked_until', { useTz: true, precision: 3 }).notNullable();
      t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(db.fn.now());
      t.timestamp('completed_at', { useTz: true, precision: 3 });
      t.primary(['customer_id', 'key']);
      t.check('length(key) BETWEEN 1 AND 100', [], 'idempotency_keys_key_length');
      t.check("request_hash ~ '^[0-9a-f]{64}$'", [], 'idempotency_keys_hash_sha256');
      t.check("status IN ('IN_PROGRESS', 'COMPLETED')", [], 'idempotency_keys_status_known');
      t.check("(status = 'COMPLETED') = (outcome IS NOT NULL AND completed_at IS NOT NULL)", [], 'idempotency_keys_completed_has_outcome');
    });
    // For a purge of old keys by age.
    await db.raw('CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)');

    await db.schema.createTable('payments', (t) => {
      t.text('order_id').primary().references('id').inTable('orders').onDelete('CASCADE');
      t.text('provider').notNullable();
      t.text('method').notNullable();
      // The provider's id for the authorization; null when it never authorized.
      t.text('provider_payment_id');
      t.integer('amount_cents').notNullable();
      t.specificType('currency', 'char(3)').notNullable();
      t.text('status').notNullable();
      t.text('failure_reason');
      t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(db.fn.now());
      t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(db.fn.now());
      t.check("status IN ('AUTHORIZED', 'FAILED', 'REFUNDED')", [], 'payments_status_known');
      t.check('amount_cents >= 0', [], 'payments_amount_not_negative');
      t.check("currency ~ '^[A-Z]{3}$'", [], 'payments_currency_iso');
      t.check("(status = 'FAILED') = (provider_payment_id IS NULL)", [], 'payments_authorized_has_id');
    });
    // The refund retrier looks only at authorized payments.
    await db.raw("CREATE INDEX payments_authorized_idx ON payments (order_id) WHERE status = 'AUTHORIZED'");
  },
  async down(db) {
    await db.schema.dropTable('payments');
    await db.schema.dropTable('idempotency_keys');
  },
};
