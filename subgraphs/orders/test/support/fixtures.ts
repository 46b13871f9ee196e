import type { NewOrderRecord } from '../../src/data';

const hour = 3_600_000;
const base = Date.parse('2026-11-01T10:00:00.000Z');

/** A plausible confirmed order for tests; override what a test is about. */
export function newOrder(overrides: Partial<NewOrderRecord> & Pick<NewOrderRecord, 'id' | 'customerId'>): NewOrderRecord {
  const placedAt = overrides.placedAt ?? new Date(base);
  return {
    storeId: 'str_1',
    courierId: null,
    status: 'CONFIRMED',
    currency: 'EUR',
    totalCents: 500,
    address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', lat: 52.529, lng: 13.401 },
    placedAt,
    updatedAt: new Date(placedAt.getTime() + hour),
    items: [{ productId: 'prd_1', quantity: 2, unitPriceCents: 250, currency: 'EUR' }],
    history: [
      { from: null, to: 'PENDING', actor: 'orders', reason: null, at: placedAt },
      { from: 'PENDING', to: 'CONFIRMED', actor: 'payments', reason: null, at: new Date(placedAt.getTime() + 1000) },
    ],
    ...overrides,
  };
}

/** `hours` after the fixtures' base time. */
export const hoursAfterBase = (hours: number): Date => new Date(base + hours * hour);
