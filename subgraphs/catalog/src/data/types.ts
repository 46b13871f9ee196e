/** A product as the catalog stores it. */
export interface ProductRecord {
  id: string;
  sku: string;
  name: string;
  description: string;
  categoryId: string;
  priceCents: number;
  currency: string;
  imageUrl: string | null;
  tags: string[];
}

export interface CategoryRecord {
  id: string;
  name: string;
  slug: string;
}
