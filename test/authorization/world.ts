/**
 * The small world the authorization tests run in: one store and its neighbour, two customers, and
 * three orders that put every role in a different relation to them (see docs/authorization.md).
 */
import type { Identity, SubgraphName } from '@qc/shared';
import type { TestDeps } from '@qc/shared/testing';
import { createRepositories as catalogRepos } from '../../subgraphs/catalog/src/data';
import { createRepositories as availabilityRepos } from '../../subgraphs/availability/src/data';
import { createRepositories as ordersRepos } from '../../subgraphs/orders/src/data';
import { createRepositories as fulfillmentRepos } from '../../subgraphs/fulfillment/src/data';
import { createRepositories as deliveryRepos } from '../../subgraphs/delivery/src/data';
import { createRepositories as trackingRepos } from '../../subgraphs/tracking/src/data';

/** The roles of the matrix, each a token the gateway accepts (null: no token at all). */
export const ROLE_IDENTITIES = {
  anonymous: null,
  customer: { sub: 'cus_ann', role: 'customer' },
  otherCustomer: { sub: 'cus_bob', role: 'customer' },
  staff: { sub: 'stf_a', role: 'store_staff', storeId: 'str_a' },
  otherStaff: { sub: 'stf_b', role: 'store_staff', storeId: 'str_b' },
  courier: { sub: 'cou_kim', role: 'courier', courierId: 'cou_kim' },
  otherCourier: { sub: 'cou_max', role: 'courier', courierId: 'cou_max' },
  partner: { sub: 'prt_1', role: 'partner', partnerId: 'prt_1' },
  admin: { sub: 'adm_1', role: 'admin' },
} as const satisfies Record<string, Identity | null>;

export type MatrixRole = keyof typeof ROLE_IDENTITIES;
export const MATRIX_ROLES = Object.keys(ROLE_IDENTITIES) as MatrixRole[];

/** Who each role is, in words, for the docs. */
export const ROLE_DESCRIPTIONS: Record<MatrixRole, string> = {
  anonymous: 'no token',
  customer: 'cus_ann, who placed ord_live and ord_done',
  otherCustomer: 'cus_bob, a stranger to them (placed ord_offer)',
  staff: 'staff of str_a, the store of every order',
  otherStaff: 'staff of str_b',
  courier: 'cou_kim, carrying ord_live right now',
  otherCourier: 'cou_max, merely offered ord_offer',
  partner: 'a partner integration',
  admin: 'an admin',
};

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const MINUTE = 60_000;
const STORE_A = { lat: 52.52, lng: 13.405 };
const HOME_ANN = { lat: 52.529, lng: 13.401 };
const HOME_BOB = { lat: 52.515, lng: 13.39 };
const allDay = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));

const order = (id: string, customerId: string, status: 'IN_TRANSIT' | 'DELIVERED' | 'PACKED', courierId: string | null, placedAt: Date) => ({
  id,
  customerId,
  storeId: 'str_a',
  courierId,
  status,
  currency: 'EUR',
  totalCents: 199,
  address: { line1: `${id} street 1`, city: 'Berlin', postalCode: '10119', ...(customerId === 'cus_ann' ? HOME_ANN : HOME_BOB) },
  placedAt,
  updatedAt: placedAt,
  items: [{ productId: 'prd_milk', quantity: 1, unitPriceCents: 199, currency: 'EUR' }],
  history: [{ from: null, to: 'PENDING' as const, actor: customerId, reason: null, at: placedAt }],
});

/**
 * - `ord_live`: cus_ann's order, picked up by cou_kim, under way now.
 * - `ord_done`: cus_ann's order delivered three days ago by cou_lee, who is at work again (with a
 *   fresh position) — the courier-position leak of issue 13.
 * - `ord_offer`: cus_bob's packed order, offered to cou_max, who has not answered.
 * - `ord_old`: cus_cai's only order, delivered ten days ago: nothing of cus_cai is under way at str_a.
 */
export async function loadWorld(deps: Record<SubgraphName, TestDeps>): Promise<void> {
  await catalogRepos(deps.catalog.db).categories.upsertMany([{ id: 'cat_dairy', name: 'Dairy', slug: 'dairy' }]);
  await catalogRepos(deps.catalog.db).products.upsertMany([
    { id: 'prd_milk', sku: 'D-1', name: 'Milk', description: '1 l', categoryId: 'cat_dairy', priceCents: 199, currency: 'EUR', imageUrl: null, tags: [] },
  ]);
  const stores = availabilityRepos(deps.availability.db);
  await stores.stores.upsertMany([
    { id: 'str_a', name: 'Store A', ...STORE_A, address: 'A street 1', deliveryRadiusMeters: 3000, capacity: 20, timezone: 'Europe/Berlin', openingHours: allDay },
    { id: 'str_b', name: 'Store B', lat: 52.4, lng: 13.3, address: 'B street 1', deliveryRadiusMeters: 3000, capacity: 20, timezone: 'Europe/Berlin', openingHours: allDay },
  ]);
  await stores.stock.upsertMany([{ storeId: 'str_a', productId: 'prd_milk', onHand: 10, reserved: 0 }]);

  const orders = ordersRepos(deps.orders.db);
  await orders.customers.upsertMany([
    { id: 'cus_ann', name: 'Ann', email: 'ann@example.com' },
    { id: 'cus_bob', name: 'Bob', email: 'bob@example.com' },
    { id: 'cus_cai', name: 'Cai', email: 'cai@example.com' },
  ]);
  await orders.orders.insertMany([
    order('ord_live', 'cus_ann', 'IN_TRANSIT', 'cou_kim', ago(30 * MINUTE)),
    order('ord_done', 'cus_ann', 'DELIVERED', 'cou_lee', ago(3 * DAY)),
    order('ord_offer', 'cus_bob', 'PACKED', null, ago(20 * MINUTE)),
    order('ord_old', 'cus_cai', 'DELIVERED', 'cou_lee', ago(10 * DAY)),
  ]);

  const task = (id: string, orderId: string, customerId: string, at: Date) => ({
    id,
    orderId,
    customerId,
    storeId: 'str_a',
    status: 'PACKED' as const,
    promisedReadyAt: new Date(at.getTime() + 15 * MINUTE),
    startedAt: new Date(at.getTime() + MINUTE),
    packedAt: new Date(at.getTime() + 10 * MINUTE),
    createdAt: at,
  });
  await fulfillmentRepos(deps.fulfillment.db).pickTasks.insertMany([
    task('pck_live', 'ord_live', 'cus_ann', ago(30 * MINUTE)),
    task('pck_done', 'ord_done', 'cus_ann', ago(3 * DAY)),
    task('pck_offer', 'ord_offer', 'cus_bob', ago(20 * MINUTE)),
  ]);

  const delivery = deliveryRepos(deps.delivery.db);
  await delivery.couriers.upsertMany([
    { id: 'cou_kim', name: 'Kim', vehicle: 'E_BIKE', rating: 4.8, status: 'BUSY', currentLoad: 1, homeStoreId: 'str_a' },
    { id: 'cou_lee', name: 'Lee', vehicle: 'BICYCLE', rating: 4.6, status: 'IDLE', currentLoad: 0, homeStoreId: 'str_a' },
    { id: 'cou_max', name: 'Max', vehicle: 'SCOOTER', rating: 4.9, status: 'OFFERED', currentLoad: 0, homeStoreId: 'str_b' },
  ]);
  await delivery.dispatchJobs.recordConfirmedMany([
    { orderId: 'ord_live', storeId: 'str_a', dropoff: HOME_ANN, confirmedAt: ago(30 * MINUTE), customerId: 'cus_ann' },
    { orderId: 'ord_done', storeId: 'str_a', dropoff: HOME_ANN, confirmedAt: ago(3 * DAY), customerId: 'cus_ann' },
    { orderId: 'ord_offer', storeId: 'str_a', dropoff: HOME_BOB, confirmedAt: ago(20 * MINUTE), customerId: 'cus_bob' },
  ]);
  await delivery.deliveries.insertMany([
    { id: 'dlv_live', orderId: 'ord_live', courierId: 'cou_kim', status: 'PICKED_UP', assignedAt: ago(20 * MINUTE), pickedUpAt: ago(10 * MINUTE), deliveredAt: null, proofOfDelivery: null },
    { id: 'dlv_done', orderId: 'ord_done', courierId: 'cou_lee', status: 'DELIVERED', assignedAt: ago(3 * DAY), pickedUpAt: ago(3 * DAY), deliveredAt: ago(3 * DAY - 20 * MINUTE), proofOfDelivery: 'photo://door' },
    { id: 'dlv_offer', orderId: 'ord_offer', courierId: null, status: 'OFFERED', assignedAt: null, pickedUpAt: null, deliveredAt: null, proofOfDelivery: null },
  ]);
  // cou_kim's own (accepted) offer of ord_live, and cou_max's pending one of ord_offer.
  await delivery.offers.insert({ id: 'ofr_kim', orderId: 'ord_live', deliveryId: 'dlv_live', courierId: 'cou_kim', attempt: 1, distanceMeters: 500, etaSeconds: 120, windowMs: 60 * MINUTE });
  await delivery.offers.answer('ofr_kim', 'cou_kim', 'ACCEPTED');
  await delivery.offers.insert({ id: 'ofr_max', orderId: 'ord_offer', deliveryId: 'dlv_offer', courierId: 'cou_max', attempt: 1, distanceMeters: 800, etaSeconds: 200, windowMs: 60 * MINUTE });

  const t = deps.tracking;
  const tracking = trackingRepos(t.db, t.redis, t.namespace);
  const legs = { storeId: 'str_a', storeLocation: STORE_A, dropoffLocation: HOME_ANN, vehicle: null };
  await tracking.deliveries.recordCustomers([
    { orderId: 'ord_live', customerId: 'cus_ann' },
    { orderId: 'ord_done', customerId: 'cus_ann' },
    { orderId: 'ord_offer', customerId: 'cus_bob' },
  ]);
  await tracking.deliveries.recordAssigned({ deliveryId: 'dlv_done', orderId: 'ord_done', courierId: 'cou_lee', ...legs, at: ago(3 * DAY) });
  await tracking.deliveries.recordDelivered({ deliveryId: 'dlv_done', orderId: 'ord_done', courierId: 'cou_lee', at: ago(3 * DAY - 20 * MINUTE) });
  await tracking.deliveries.recordAssigned({ deliveryId: 'dlv_live', orderId: 'ord_live', courierId: 'cou_kim', ...legs, at: ago(20 * MINUTE) });
  await tracking.deliveries.recordPickedUp({ deliveryId: 'dlv_live', orderId: 'ord_live', courierId: 'cou_kim', at: ago(10 * MINUTE) });
  await tracking.positions.saveLatest(
    ['cou_kim', 'cou_lee', 'cou_max'].map((courierId, i) => ({ courierId, lat: 52.52 + i / 1000, lng: 13.4, heading: null, speed: null, recordedAt: ago(5_000) })),
  );
}
