import type { Migration } from '@qc/shared';

export const pickTaskCustomer: Migration = {
  name: '20261207000000_pick_task_customer',
  async up(db) {
    // Who ordered, from orders.confirmed: the customer may follow their order's pick task (access
    // rules). Null for tasks from before it was recorded: then only the store and admins see them.
    await db.schema.alterTable('pick_tasks', (t) => {
      t.text('customer_id');
    });
  },
  async down(db) {
    await db.schema.alterTable('pick_tasks', (t) => {
      t.dropColumn('customer_id');
    });
  },
};
