import type { Migration } from '@qc/shared';

export const couriersAndDeliveries: Migration = {
  name: '20261122000000_couriers_and_deliveries',
  async up(db) {
    await db.schema.createTable('couriers', (t) => {
      t.text('id').primary();
      t.text('name').notNullable();
      t.text('vehicle').notNullable().checkIn(['BICYCLE', 'E_BIKE', 'SCOOTER', 'CAR'], 'couriers_vehicle_check');
      t.decimal('rating', 3, 2).notNullable().checkBetween([1, 5], 'couriers_rating_check');
      t.text('status').notNullable().defaultTo('OFFLINE').checkIn(['OFFLINE', 'IDLE', 'OFFERED', 'BUSY'], 'couriers_status_check');
      t.integer('current_load').notNullable().defaultTo(0);
      t.text('home_store_id');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      // checkPositive would mean > 0, yet an idle courier carries nothing.
      t.check('?? >= 0', ['current_load'], 'couriers_current_load_check');
      // Assignment looks for idle couriers of a store first.
      t.index(['status', 'home_store_id']);
    });

    await db.schema.createTable('deliveries', (t) => {
      t.text('id').primary();
      t.text('order_id').notNullable();
      t.text('courier_id').references('id').inTable('couriers');
      t.text('status')
        .notNullable()
        .defaultTo('OFFERED')
        .checkIn(['OFFERED', 'ASSIGNED', 'PICKED_UP', 'DELIVERED', 'FAILED'], 'deliveries_status_check');
      t.timestamp('assigned_at', { useTz: true });
      t.timestamp('picked_up_at', { useTz: true });
      t.timestamp('delivered_at', { useTz: true });
      t.text('proof_of_delivery');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      // Order.delivery reads every delivery of an order (failed ones too), newest first.
      t.index(['order_id', 'created_at']);
      // A courier's deliveries, for their history and for checking their current work.
      t.index(['courier_id', 'status']);
    });
    await db.raw(`
      ALTER TABLE deliveries
        ADD CONSTRAINT deliveries_courier_check CHECK (status NOT IN ('ASSIGNED', 'PICKED_UP', 'DELIVERED') OR courier_id IS NOT NULL),
        ADD CONSTRAINT deliveries_assigned_check CHECK (status NOT IN ('ASSIGNED', 'PICKED_UP', 'DELIVERED') OR assigned_at IS NOT NULL),
        ADD CONSTRAINT deliveries_picked_up_check CHECK (status NOT IN ('PICKED_UP', 'DELIVERED') OR picked_up_at IS NOT NULL),
        ADD CONSTRAINT deliveries_delivered_check CHECK (status <> 'DELIVERED' OR delivered_at IS NOT NULL),
        ADD CONSTRAINT deliveries_order_of_events_check CHECK (
          (picked_up_at IS NULL OR assigned_at IS NULL OR picked_up_at >= assigned_at) AND
          (delivered_at IS NULL OR picked_up_at IS NULL OR delivered_at >= picked_up_at))
    `);
    // The two invariants assignment relies on, kept by the database so no race between two
    // assigners (or two gateway retries) can break them: a courier carries one order at a time,
    // and an order has at most one delivery that is not a failure.
    await db.raw(`CREATE UNIQUE INDEX deliveries_one_active_per_courier ON deliveries (courier_id) WHERE status IN ('ASSIGNED', 'PICKED_UP')`);
    await db.raw(`CREATE UNIQUE INDEX deliveries_one_live_per_order ON deliveries (order_id) WHERE status <> 'FAILED'`);
  },
  async down(db) {
    await db.schema.dropTable('deliveries');
    await db.schema.dropTable('couriers');
  },
};
