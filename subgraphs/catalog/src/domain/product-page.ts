import type { ProductPageKey } from '../data/products';

/** A cursor decodes to the (name, id) of the last product of the previous page; anything else is forged or stale. */
export const isProductPageKey = (value: unknown): value is ProductPageKey =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ProductPageKey).name === 'string' &&
  typeof (value as ProductPageKey).id === 'string';

export const productPageKey = (product: { name: string; id: string }): ProductPageKey => ({
  name: product.name,
  id: product.id,
});
