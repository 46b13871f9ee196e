import type { ProductPageKey, ProductSearchKey } from '../data';

/** A cursor decodes to the (name, id) of the last product of the previous page; anything else is forged or stale. */
export const isProductPageKey = (value: unknown): value is ProductPageKey =>
  typeof value === 'object' &&
  value !== null &&
  !('tier' in value) &&
  typeof (value as ProductPageKey).name === 'string' &&
  typeof (value as ProductPageKey).id === 'string';

export const productPageKey = (product: { name: string; id: string }): ProductPageKey => ({
  name: product.name,
  id: product.id,
});

/**
 * A search cursor is the full sort key of the last hit: tier 0–4, integer score 0–1000, name, id.
 * Integers, not floats, so the key survives JSON and compares exactly in SQL.
 */
export const isProductSearchKey = (value: unknown): value is ProductSearchKey => {
  if (typeof value !== 'object' || value === null) return false;
  const key = value as ProductSearchKey;
  return (
    Number.isInteger(key.tier) &&
    key.tier >= 0 &&
    key.tier <= 4 &&
    Number.isInteger(key.score) &&
    key.score >= 0 &&
    key.score <= 1000 &&
    typeof key.name === 'string' &&
    typeof key.id === 'string'
  );
};

export const productSearchKey = (hit: ProductSearchKey): ProductSearchKey => ({
  tier: hit.tier,
  score: hit.score,
  name: hit.name,
  id: hit.id,
});
