import { ServiceClient } from '@qc/shared';

export interface ReserveStockRequest {
  orderId: string;
  location: { lat: number; lng: number };
  items: { productId: string; quantity: number }[];
  ttlSeconds: number;
}

/** availability's answer to a reservation, as its internal `ReserveStockResult` union. */
export type ReservationResult =
  | { kind: 'reserved'; reservationId: string; storeId: string; expiresAt: string; distanceMeters: number }
  | { kind: 'out_of_stock'; items: { productId: string; requested: number; available: number }[] }
  | { kind: 'not_deliverable'; reason: string };

const RESERVE = /* GraphQL */ `
  mutation OrdersReserveStock($input: ReserveStockInput!) {
    reserveStock(input: $input) {
      __typename
      ... on StockReserved { reservationId storeId expiresAt distanceMeters }
      ... on ReservationOutOfStock { items { productId requested available } }
      ... on ReservationNotDeliverable { reason }
    }
  }
`;
const RELEASE = /* GraphQL */ `
  mutation OrdersReleaseReservation($orderId: ID!, $reason: String!) {
    releaseReservation(orderId: $orderId, reason: $reason)
  }
`;
const CONFIRM_MANY = /* GraphQL */ `
  mutation OrdersConfirmReservations($orderIds: [ID!]!) {
    confirmReservations(orderIds: $orderIds)
  }
`;

type ReserveData = {
  reserveStock:
    | { __typename: 'StockReserved'; reservationId: string; storeId: string; expiresAt: string; distanceMeters: number }
    | { __typename: 'ReservationOutOfStock'; items: { productId: string; requested: number; available: number }[] }
    | { __typename: 'ReservationNotDeliverable'; reason: string };
};

/**
 * availability's internal reservation API (`@inaccessible`, service identity only). availability owns
 * stock and decides the store; every call is idempotent by order id.
 */
export class AvailabilityClient {
  constructor(private readonly client: ServiceClient) {}

  async reserve(request: ReserveStockRequest, requestId?: string): Promise<ReservationResult> {
    const { reserveStock: r } = await this.client.request<ReserveData>(RESERVE, { input: request }, requestId);
    switch (r.__typename) {
      case 'StockReserved':
        return { kind: 'reserved', reservationId: r.reservationId, storeId: r.storeId, expiresAt: r.expiresAt, distanceMeters: r.distanceMeters };
      case 'ReservationOutOfStock':
        return { kind: 'out_of_stock', items: r.items };
      case 'ReservationNotDeliverable':
        return { kind: 'not_deliverable', reason: r.reason };
    }
  }

  /** True if something was released; false if there was nothing (left) to release. */
  async release(orderId: string, reason: string, requestId?: string): Promise<boolean> {
    return (await this.client.request<{ releaseReservation: boolean }>(RELEASE, { orderId, reason }, requestId)).releaseReservation;
  }

  /** Stops the expiry clock of these confirmed orders' reservations (1–500). Returns how many this call confirmed. */
  async confirmMany(orderIds: readonly string[]): Promise<number> {
    return (await this.client.request<{ confirmReservations: number }>(CONFIRM_MANY, { orderIds })).confirmReservations;
  }
}
