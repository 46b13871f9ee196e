import type { OrderItemResolvers } from '../__generated__/resolvers-types';
import { lineTotal } from '../domain/pricing';

export const OrderItem: OrderItemResolvers = {
  product: (item) => ({ id: item.productId }),
  unitPrice: (item) => ({ amountCents: item.unitPriceCents, currency: item.currency }),
  lineTotal: (item) => lineTotal(item),
};
