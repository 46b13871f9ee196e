/**
 * A one-store shop for end-to-end tests that place orders: two products in stock at a store open all
 * day, a customer, and `placeOrder` through the gateway.
 */
import type { SubgraphName } from '@qc/shared';
import type { TestDeps } from '@qc/shared/testing';
import { createRepositories as catalogRepos } from '../../subgraphs/catalog/src/data';
import { createRepositories as availabilityRepos } from '../../subgraphs/availability/src/data';
import { createRepositories as ordersRepos } from '../../subgraphs/orders/src/data';
import { queryGateway } from './supergraph';

export const SHOP_STORE = { id: 'str_obs', lat: 52.52, lng: 13.405 };
export const SHOP_CUSTOMER = 'cus_obs';

export async function loadShop(deps: Record<SubgraphName, TestDeps>): Promise<void> {
  await catalogRepos(deps.catalog.db).categories.upsertMany([{ id: 'cat_obs', name: 'Bakery', slug: 'bakery' }]);
  await catalogRepos(deps.catalog.db).products.upsertMany([
    { id: 'prd_obs_bread', sku: 'OBS-1', name: 'Rye Bread', description: '750 g', categoryId: 'cat_obs', priceCents: 450, currency: 'EUR', imageUrl: null, tags: [] },
  ]);
  const allDay = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
  await availabilityRepos(deps.availability.db).stores.upsertMany([
    { id: SHOP_STORE.id, name: 'Obs Dark Store', lat: SHOP_STORE.lat, lng: SHOP_STORE.lng, address: 'Alexanderplatz 1', deliveryRadiusMeters: 3000, capacity: 50, timezone: 'Europe/Berlin', openingHours: allDay },
  ]);
  await availabilityRepos(deps.availability.db).stock.upsertMany([{ storeId: SHOP_STORE.id, productId: 'prd_obs_bread', onHand: 1000, reserved: 0 }]);
  await ordersRepos(deps.orders.db).customers.upsertMany([{ id: SHOP_CUSTOMER, name: 'Obs', email: 'obs@example.com' }]);
}

export const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { __typename ... on OrderPlaced { order { id status } } }
}`;

/** Places one order for the shop's customer; throws unless it was placed. Returns the order id. */
export async function placeShopOrder(gatewayUrl: string, token: string, idempotencyKey: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await queryGateway(
    gatewayUrl,
    PLACE_ORDER,
    {
      input: {
        idempotencyKey,
        items: [{ productId: 'prd_obs_bread', quantity: 1 }],
        deliveryLocation: { lat: 52.5236, lng: 13.405 },
        address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119' },
        paymentMethod: 'card_visa_4242',
      },
    },
    token,
    headers,
  );
  const id = res.data?.placeOrder?.order?.id as string | undefined;
  if (!id) throw new Error(`placeOrder failed: ${JSON.stringify(res.errors ?? res.data)}`);
  return id;
}
