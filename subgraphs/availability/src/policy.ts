import { anyone, decide, sameRule, type AccessRule, type SubgraphPolicy } from '@qc/shared';
import type { Context } from './context';
import { canAdjustStock, isService } from './domain/access';

type Rule = AccessRule<Context>;

const adjustStock: Rule = ({ identity, args }) => decide(identity, (id) => canAdjustStock(id, (args.input as { storeId: string }).storeId));
// Internal operations: not in the public API at all, so even an anonymous caller is simply FORBIDDEN.
const service: Rule = ({ identity }) => (isService(identity) ? 'ALLOWED' : 'FORBIDDEN');
const open = (...fields: string[]) => ({ object: anyone, fields: sameRule(anyone, fields) });

/**
 * Who may see what in availability: stores, stock and availability are public (the customer app
 * browses them signed out); changing stock is for the store's staff and admins; reservations are for
 * the `service` identity only. The matrix in docs/authorization.md shows what each role gets.
 */
export const policy: SubgraphPolicy<Context> = {
  Query: open('store', 'stores', 'availability', 'storesNear'),
  Mutation: {
    fields: {
      adjustStock: { rule: adjustStock, refusal: "Only the store's staff and admins may change its stock" },
      ...sameRule({ rule: service, refusal: 'Reservations are made by the platform, not by clients' }, ['reserveStock', 'releaseReservation', 'confirmReservation', 'confirmReservations']),
    },
  },
  GeoPoint: open('lat', 'lng'),
  OpeningHours: open('dayOfWeek', 'opens', 'closes'),
  Store: open('id', 'name', 'location', 'address', 'deliveryRadiusMeters', 'openingHours', 'capacity', 'isOpen'),
  StockLevel: open('store', 'onHand', 'reserved', 'available'),
  Product: open('id', 'stockLevels', 'availability'),
  ProductAvailability: open('product', 'deliverable', 'quantity', 'stores', 'stale'),
  StoreAvailability: open('store', 'distanceMeters', 'quantity'),
  NearbyStore: open('store', 'distanceMeters'),
  InventoryAdjustment: open('id', 'delta', 'reason', 'onHandAfter', 'reservedAfter', 'actor', 'at'),
  StockAdjusted: open('stockLevel', 'adjustment'),
  InsufficientStock: open('message', 'onHand', 'reserved', 'available', 'requestedDelta'),
  ProductNotStocked: open('message', 'storeId', 'productId'),
  StoreNotFound: open('message', 'storeId'),
  StockReserved: open('reservationId', 'storeId', 'expiresAt', 'distanceMeters'),
  ReservationOutOfStock: open('items'),
  ShortItem: open('productId', 'requested', 'available'),
  ReservationNotDeliverable: open('reason'),
};
