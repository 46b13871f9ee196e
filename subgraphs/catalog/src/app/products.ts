import { decodeCursor, pageArgs, toConnection, type Connection } from '@qc/shared';
import type { ProductRecord, Repositories } from '../data';
import { isProductPageKey, isProductSearchKey, productPageKey, productSearchKey } from '../domain/product-page';
import { parseProductCriteria, planSearch, type ProductFilterInput } from '../domain/product-search';

/** What catalog does beyond reading one record: finding products. */
export class Products {
  constructor(private readonly repos: Repositories) {}

  /** See `findProducts`. */
  find(args: ProductCriteria): Promise<Connection<ProductRecord>> {
    return findProducts(this.repos, args);
  }
}

/** The arguments of `Query.products`. */
export interface ProductCriteria {
  filter?: ProductFilterInput | null;
  first?: number | null;
  after?: string | null;
  categoryId?: string | null;
}

/**
 * One page of `Query.products`: ranked search hits when there is search text, otherwise products by
 * name. Every argument is validated before any query runs; bad ones are BAD_USER_INPUT. A cursor only
 * fits the mode it came from (a browse cursor is refused for a search and the other way round).
 */
export async function findProducts(repos: Repositories, args: ProductCriteria): Promise<Connection<ProductRecord>> {
  const { first, after } = pageArgs(args.first, args.after);
  const { filters, search } = parseProductCriteria(args.filter, args.categoryId);
  if (!search) {
    const { rows, totalCount } = await repos.products.page({
      first,
      after: after ? decodeCursor(after, isProductPageKey) : null,
      filters,
    });
    return toConnection(rows, first, totalCount, productPageKey);
  }
  const afterKey = after ? decodeCursor(after, isProductSearchKey) : null;
  const { pairs, corrections } = await repos.vocabulary.forSearch(search.words);
  const plan = planSearch(search, pairs, corrections);
  const { rows, totalCount } = await repos.products.search({ first, after: afterKey, filters, search: plan });
  return toConnection(rows, first, totalCount, productSearchKey);
}
