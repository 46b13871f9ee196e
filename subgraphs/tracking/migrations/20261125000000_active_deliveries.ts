import type { Migration } from '@qc/shared';

export const activeDeliveries: Migration = {
  name: '20261125000000_active_deliveries',
  async up(db) {
    // Tracking's projection of delivery's events: who carries which order, from where to where. Rows
    // are keyed by delivery, and each event fills only its own columns, so the events of one delivery
    // may be applied in any order (they arrive on separate durable consumers).
    await db.schema.createTable('active_deliveries', (t) => {
      t.text('delivery_id').primary();
      t.text('order_id').notNullable();
      t.text('courier_id').notNullable();
      t.text('store_id');
      t.double('store_lat');
      t.double('store_lng');
      t.double('dropoff_lat');
      t.double('dropoff_lng');
      t.text('vehicle');
      t.timestamp('assigned_at', { useTz: true });
      t.timestamp('picked_up_at', { useTz: true });
      t.timestamp('delivered_at', { useTz: true });
      // Set when a newer delivery of the same order or the same courier replaced this one (reassigned).
      t.timestamp('ended_at', { useTz: true });
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.check('store_lat IS NULL OR store_lat BETWEEN -90 AND 90', [], 'active_deliveries_store_lat_range');
      t.check('store_lng IS NULL OR store_lng BETWEEN -180 AND 180', [], 'active_deliveries_store_lng_range');
      t.check('dropoff_lat IS NULL OR dropoff_lat BETWEEN -90 AND 90', [], 'active_deliveries_dropoff_lat_range');
      t.check('dropoff_lng IS NULL OR dropoff_lng BETWEEN -180 AND 180', [], 'active_deliveries_dropoff_lng_range');
      t.check('(store_lat IS NULL) = (store_lng IS NULL)', [], 'active_deliveries_store_point');
      t.check('(dropoff_lat IS NULL) = (dropoff_lng IS NULL)', [], 'active_deliveries_dropoff_point');
      t.check("vehicle IS NULL OR vehicle IN ('BICYCLE', 'E_BIKE', 'SCOOTER', 'CAR')", [], 'active_deliveries_vehicle');
    });
    // Derived, never written: whatever order the events came in, the phase follows from what is known.
    await db.raw(`
      ALTER TABLE active_deliveries ADD COLUMN phase text GENERATED ALWAYS AS (
        CASE
          WHEN delivered_at IS NOT NULL THEN 'DELIVERED'
          WHEN ended_at IS NOT NULL THEN 'ENDED'
          WHEN picked_up_at IS NOT NULL THEN 'TO_CUSTOMER'
          ELSE 'TO_STORE'
        END
      ) STORED
    `);
    // The hot lookups only ever want live deliveries: by courier (ingestion) and by order (Order.eta).
    await db.raw("CREATE INDEX active_deliveries_live_courier ON active_deliveries (courier_id) WHERE phase IN ('TO_STORE', 'TO_CUSTOMER')");
    await db.raw("CREATE INDEX active_deliveries_live_order ON active_deliveries (order_id) WHERE phase IN ('TO_STORE', 'TO_CUSTOMER')");
    await db.raw("CREATE INDEX active_deliveries_finished ON active_deliveries (updated_at) WHERE phase IN ('DELIVERED', 'ENDED')");

    // Fulfillment's promise for the bag: how long the courier may wait at the store.
    await db.schema.createTable('order_preparation', (t) => {
      t.text('order_id').primary();
      t.text('task_id');
      t.text('store_id');
      t.timestamp('promised_ready_at', { useTz: true });
      t.timestamp('packed_at', { useTz: true });
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.index(['updated_at']);
    });

    // History rows belong to the order being delivered, so a delivery's trail is one index range.
    await db.schema.alterTable('location_reports', (t) => {
      t.text('order_id');
      t.index(['order_id', 'recorded_at']);
    });
  },
  async down(db) {
    await db.schema.alterTable('location_reports', (t) => {
      t.dropIndex(['order_id', 'recorded_at']);
      t.dropColumn('order_id');
    });
    await db.schema.dropTable('order_preparation');
    await db.schema.dropTable('active_deliveries');
  },
};
