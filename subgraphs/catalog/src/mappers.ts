/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { CategoryRecord, ProductRecord } from './data';

export type ProductModel = ProductRecord;
export type CategoryModel = CategoryRecord;
