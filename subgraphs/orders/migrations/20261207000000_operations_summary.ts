import type { Migration } from '@qc/shared';

/**
 * Issue 19: the operations map asks every few seconds how many orders were placed lately and how long
 * today's deliveries took; these indexes keep both reads to the recent rows instead of whole tables.
 */
export const operationsSummary: Migration = {
  name: '20261207000000_operations_summary',
  async up(db) {
    await db.raw('CREATE INDEX orders_placed_idx ON orders (placed_at)');
    await db.raw("CREATE INDEX order_status_history_delivered_idx ON order_status_history (at) WHERE to_status = 'DELIVERED'");
  },
  async down(db) {
    await db.raw('DROP INDEX order_status_history_delivered_idx');
    await db.raw('DROP INDEX orders_placed_idx');
  },
};
