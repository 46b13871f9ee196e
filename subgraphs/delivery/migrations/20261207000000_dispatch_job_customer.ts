import type { Migration } from '@qc/shared';

export const dispatchJobCustomer: Migration = {
  name: '20261207000000_dispatch_job_customer',
  async up(db) {
    // Who ordered, from orders.confirmed: the customer may see their order's delivery (access rules),
    // and nobody else but its store, its courier and admins. Null until the event arrives.
    await db.schema.alterTable('dispatch_jobs', (t) => {
      t.text('customer_id');
    });
  },
  async down(db) {
    await db.schema.alterTable('dispatch_jobs', (t) => {
      t.dropColumn('customer_id');
    });
  },
};
