import { createTestDb, type TestDb } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { DeliveryRepository, type AssignedDelivery } from '../../src/data/deliveries';

let testDb: TestDb;
let repo: DeliveryRepository;

const assigned = (over: Partial<AssignedDelivery> = {}): AssignedDelivery => ({
  deliveryId: 'dlv_1',
  orderId: 'ord_1',
  courierId: 'cou_1',
  storeId: 'str_1',
  storeLocation: { lat: 52.5, lng: 13.4 },
  dropoffLocation: { lat: 52.51, lng: 13.41 },
  vehicle: 'E_BIKE',
  at: new Date('2026-11-25T12:00:00Z'),
  ...over,
});
const at = (minute: number) => new Date(Date.parse('2026-11-25T12:00:00Z') + minute * 60_000);

beforeAll(async () => {
  testDb = await createTestDb('tracking', migrations);
  repo = new DeliveryRepository(testDb.db);
});

afterAll(async () => {
  await testDb.drop();
});

describe('DeliveryRepository', () => {
  it('when the customers of several orders arrive together, once more or twice in one go, then each order keeps the customer it was first given', async () => {
    await repo.recordCustomers([{ orderId: 'ord_c1', customerId: 'cus_1' }]);
    await repo.recordCustomers([
      { orderId: 'ord_c2', customerId: 'cus_2' },
      { orderId: 'ord_c1', customerId: 'cus_other' },
      { orderId: 'ord_c3', customerId: 'cus_3' },
      { orderId: 'ord_c3', customerId: 'cus_3' },
    ]);
    await repo.recordCustomers([{ orderId: 'ord_c2', customerId: 'cus_2' }]);
    const known = await repo.customersOfOrders(['ord_c1', 'ord_c2', 'ord_c3', 'ord_unknown']);
    expect(known.sort((a, b) => a.orderId.localeCompare(b.orderId))).toEqual([
      { orderId: 'ord_c1', customerId: 'cus_1' },
      { orderId: 'ord_c2', customerId: 'cus_2' },
      { orderId: 'ord_c3', customerId: 'cus_3' },
    ]);
  });

  it('when an order is assigned and its task is known, then the live delivery carries locations, vehicle and the promise', async () => {
    await repo.recordTaskCreated({ orderId: 'ord_a', taskId: 'pck_a', storeId: 'str_1', promisedReadyAt: at(15) });
    expect(await repo.recordAssigned(assigned({ deliveryId: 'dlv_a', orderId: 'ord_a', courierId: 'cou_a' }))).toEqual(['cou_a']);
    expect(await repo.findActiveByCourierIds(['cou_a', 'cou_none'])).toEqual([
      {
        deliveryId: 'dlv_a',
        orderId: 'ord_a',
        courierId: 'cou_a',
        storeId: 'str_1',
        storeLocation: { lat: 52.5, lng: 13.4 },
        dropoffLocation: { lat: 52.51, lng: 13.41 },
        vehicle: 'E_BIKE',
        phase: 'TO_STORE',
        promisedReadyAt: at(15),
        packedAt: null,
      },
    ]);
    await repo.recordPacked({ orderId: 'ord_a', taskId: 'pck_a', storeId: 'str_1', packedAt: at(9) });
    expect(await repo.findActiveByOrderIds(['ord_a'])).toEqual([expect.objectContaining({ packedAt: at(9), promisedReadyAt: at(15) })]);
  });

  it('when picked_up is applied before assigned, then the delivery stays TO_CUSTOMER and gains its locations', async () => {
    await repo.recordPickedUp({ deliveryId: 'dlv_b', orderId: 'ord_b', courierId: 'cou_b', at: at(20) });
    expect(await repo.findActiveByCourierIds(['cou_b'])).toEqual([expect.objectContaining({ phase: 'TO_CUSTOMER', storeLocation: null, dropoffLocation: null })]);
    await repo.recordAssigned(assigned({ deliveryId: 'dlv_b', orderId: 'ord_b', courierId: 'cou_b', at: at(10) }));
    expect(await repo.findActiveByCourierIds(['cou_b'])).toEqual([
      expect.objectContaining({ phase: 'TO_CUSTOMER', storeLocation: { lat: 52.5, lng: 13.4 }, dropoffLocation: { lat: 52.51, lng: 13.41 } }),
    ]);
  });

  it('when a delivery is delivered, then a late assigned or picked_up does not revive it', async () => {
    await repo.recordAssigned(assigned({ deliveryId: 'dlv_c', orderId: 'ord_c', courierId: 'cou_c' }));
    await repo.recordDelivered({ deliveryId: 'dlv_c', orderId: 'ord_c', courierId: 'cou_c', at: at(30) });
    await repo.recordPickedUp({ deliveryId: 'dlv_c', orderId: 'ord_c', courierId: 'cou_c', at: at(20) });
    await repo.recordAssigned(assigned({ deliveryId: 'dlv_c', orderId: 'ord_c', courierId: 'cou_c' }));
    expect(await repo.findActiveByCourierIds(['cou_c'])).toEqual([]);
    expect(await repo.findActiveByOrderIds(['ord_c'])).toEqual([]);
    expect(await testDb.db('active_deliveries').where('delivery_id', 'dlv_c').first('phase')).toEqual({ phase: 'DELIVERED' });
  });

  it('when an order is reassigned to another courier, then the older delivery ends and both couriers are reported affected', async () => {
    await repo.recordAssigned(assigned({ deliveryId: 'dlv_d1', orderId: 'ord_d', courierId: 'cou_d1', at: at(0) }));
    const affected = await repo.recordAssigned(assigned({ deliveryId: 'dlv_d2', orderId: 'ord_d', courierId: 'cou_d2', at: at(5) }));
    expect(affected.sort()).toEqual(['cou_d1', 'cou_d2']);
    expect(await repo.findActiveByCourierIds(['cou_d1'])).toEqual([]);
    expect(await repo.findActiveByOrderIds(['ord_d'])).toEqual([expect.objectContaining({ deliveryId: 'dlv_d2', courierId: 'cou_d2' })]);
  });

  it('when an older assignment is applied after a newer one, then the older one is ended, not the newer', async () => {
    await repo.recordAssigned(assigned({ deliveryId: 'dlv_e2', orderId: 'ord_e2', courierId: 'cou_e', at: at(10) }));
    await repo.recordAssigned(assigned({ deliveryId: 'dlv_e1', orderId: 'ord_e1', courierId: 'cou_e', at: at(0) }));
    expect(await repo.findActiveByCourierIds(['cou_e'])).toEqual([expect.objectContaining({ deliveryId: 'dlv_e2' })]);
    expect(await testDb.db('active_deliveries').where('delivery_id', 'dlv_e1').first('phase')).toEqual({ phase: 'ENDED' });
  });

  it('when finished deliveries are older than the cut-off, then they and their promises are purged, live ones stay', async () => {
    await repo.recordTaskCreated({ orderId: 'ord_f', taskId: 'pck_f', storeId: 'str_1', promisedReadyAt: at(15) });
    await repo.recordAssigned(assigned({ deliveryId: 'dlv_f', orderId: 'ord_f', courierId: 'cou_f' }));
    await repo.recordDelivered({ deliveryId: 'dlv_f', orderId: 'ord_f', courierId: 'cou_f', at: at(30) });
    const live = await repo.activeCourierIds();
    expect(live).toContain('cou_a');
    expect(live).not.toContain('cou_f');
    await repo.purgeFinished(new Date(Date.now() + 60_000));
    expect(await testDb.db('active_deliveries').where('delivery_id', 'dlv_f').first()).toBeUndefined();
    expect(await testDb.db('order_preparation').where('order_id', 'ord_f').first()).toBeUndefined();
    expect(await testDb.db('order_preparation').where('order_id', 'ord_a').first()).toBeDefined();
    expect(await repo.findActiveByCourierIds(['cou_a'])).toHaveLength(1);
  });

  it('when a store location is half given, then the database refuses it', async () => {
    await expect(
      testDb.db('active_deliveries').insert({ delivery_id: 'dlv_bad', order_id: 'ord_bad', courier_id: 'cou_bad', store_lat: 52.5 }),
    ).rejects.toMatchObject({ constraint: 'active_deliveries_store_point' });
  });
});
