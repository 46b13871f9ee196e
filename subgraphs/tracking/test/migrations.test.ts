import { rollbackAll } from '@qc/shared';
import { createTestDb, type TestDb } from '@qc/shared/testing';
import { migrations } from '../migrations';

let testDb: TestDb;

beforeAll(async () => {
  testDb = await createTestDb('tracking', migrations);
});

afterAll(async () => {
  await testDb.drop();
});

it('when the migrations are applied, then the range checks refuse an impossible position', async () => {
  const insert = (row: Record<string, unknown>) =>
    testDb.db('courier_latest_positions').insert({ courier_id: 'cou_1', lat: 0, lng: 0, recorded_at: new Date(), ...row });
  await expect(insert({ lat: 90.5 })).rejects.toMatchObject({ constraint: 'courier_latest_positions_lat_range' });
  await expect(insert({ lng: -181 })).rejects.toMatchObject({ constraint: 'courier_latest_positions_lng_range' });
  await expect(insert({ heading: 360 })).rejects.toMatchObject({ constraint: 'courier_latest_positions_heading_range' });
  await expect(
    testDb.db('location_reports').insert({ courier_id: 'cou_1', lat: 0, lng: 0, accuracy: -1, recorded_at: new Date() }),
  ).rejects.toMatchObject({ constraint: 'location_reports_accuracy_range' });
});

it('when a delivery row gains milestones, then its generated phase follows whatever order they came in', async () => {
  const phase = async () => (await testDb.db('active_deliveries').where('delivery_id', 'dlv_1').first('phase')).phase;
  await testDb.db('active_deliveries').insert({ delivery_id: 'dlv_1', order_id: 'ord_1', courier_id: 'cou_1', assigned_at: new Date() });
  expect(await phase()).toBe('TO_STORE');
  await testDb.db('active_deliveries').where('delivery_id', 'dlv_1').update({ delivered_at: new Date() });
  expect(await phase()).toBe('DELIVERED');
  await testDb.db('active_deliveries').where('delivery_id', 'dlv_1').update({ picked_up_at: new Date() });
  expect(await phase()).toBe('DELIVERED');
  await expect(testDb.db('active_deliveries').where('delivery_id', 'dlv_1').update({ phase: 'TO_STORE' })).rejects.toThrow(/can only be updated to DEFAULT/);
});

it('when every migration is rolled back, then the tables are gone', async () => {
  await rollbackAll(testDb.db, testDb.schema, migrations);
  for (const table of ['courier_latest_positions', 'location_reports', 'active_deliveries', 'order_preparation', 'outbox', 'processed_events']) {
    expect(await testDb.db.schema.hasTable(table)).toBe(false);
  }
});
