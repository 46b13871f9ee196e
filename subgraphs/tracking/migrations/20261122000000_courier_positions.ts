import type { Migration } from '@qc/shared';

export const courierPositions: Migration = {
  name: '20261122000000_courier_positions',
  async up(db) {
    // The durable copy of each courier's latest position; Redis holds the hot copy.
    await db.schema.createTable('courier_latest_positions', (t) => {
      t.text('courier_id').primary();
      t.double('lat').notNullable();
      t.double('lng').notNullable();
      t.double('heading');
      t.double('speed');
      t.timestamp('recorded_at', { useTz: true }).notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.check('lat BETWEEN -90 AND 90', [], 'courier_latest_positions_lat_range');
      t.check('lng BETWEEN -180 AND 180', [], 'courier_latest_positions_lng_range');
      t.check('heading IS NULL OR (heading >= 0 AND heading < 360)', [], 'courier_latest_positions_heading_range');
      t.check('speed IS NULL OR speed >= 0', [], 'courier_latest_positions_speed_range');
    });
    // Every kept report, for the history of active deliveries.
    await db.schema.createTable('location_reports', (t) => {
      t.bigIncrements('id').primary();
      t.text('courier_id').notNullable();
      t.double('lat').notNullable();
      t.double('lng').notNullable();
      t.double('heading');
      t.double('speed');
      t.double('accuracy');
      t.timestamp('recorded_at', { useTz: true }).notNullable();
      t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.check('lat BETWEEN -90 AND 90', [], 'location_reports_lat_range');
      t.check('lng BETWEEN -180 AND 180', [], 'location_reports_lng_range');
      t.check('heading IS NULL OR (heading >= 0 AND heading < 360)', [], 'location_reports_heading_range');
      t.check('speed IS NULL OR speed >= 0', [], 'location_reports_speed_range');
      t.check('accuracy IS NULL OR accuracy >= 0', [], 'location_reports_accuracy_range');
      // A courier's trail over a delivery is read by time range.
      t.index(['courier_id', 'recorded_at']);
    });
  },
  async down(db) {
    await db.schema.dropTable('location_reports');
    await db.schema.dropTable('courier_latest_positions');
  },
};
