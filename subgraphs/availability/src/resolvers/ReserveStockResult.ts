import type { ReserveStockResultResolvers } from '../__generated__/resolvers-types';
import type { ReserveOutcome } from '../domain/reservation';

const TYPENAMES = {
  reserved: 'StockReserved',
  'out-of-stock': 'ReservationOutOfStock',
  'not-deliverable': 'ReservationNotDeliverable',
} as const satisfies Record<ReserveOutcome['kind'], string>;

export const ReserveStockResult: ReserveStockResultResolvers = {
  __resolveType: (outcome) => TYPENAMES[outcome.kind],
};
