import { productsAndCategories } from './20261122000000_products_and_categories';

/** Catalog's migrations, oldest first. Add new ones at the end. */
export const migrations = [productsAndCategories];
