import { productsAndCategories } from './20261122000000_products_and_categories';
import { productSearch } from './20261123000000_product_search';
import { productNameDocument } from './20261207130000_product_name_document';

/** Catalog's migrations, oldest first. Add new ones at the end. */
export const migrations = [productsAndCategories, productSearch, productNameDocument];
