import { anyone, sameRule, type SubgraphPolicy } from '@qc/shared';
import type { Context } from './context';

const open = (...fields: string[]) => ({ object: anyone, fields: sameRule(anyone, fields) });

/**
 * The catalog is public: everyone, signed out included, may browse and search it. Declared field by
 * field all the same, so a new field has to be thought about (docs/authorization.md).
 */
export const policy: SubgraphPolicy<Context> = {
  Query: open('product', 'products', 'categories'),
  Money: open('amountCents', 'currency'),
  Product: open('id', 'sku', 'name', 'description', 'category', 'price', 'imageUrl', 'tags'),
  Category: open('id', 'name', 'slug', 'productCount'),
  ProductConnection: open('edges', 'pageInfo', 'totalCount'),
  ProductEdge: open('cursor', 'node'),
  PageInfo: open('hasNextPage', 'endCursor'),
};
