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
  /** The product's category when the query that found it read it too (search does), so nobody asks again. */
  category?: CategoryRecord;
}

export interface CategoryRecord {
  id: string;
  name: string;
  slug: string;
}

/** One synonym pair; a search honours it both ways, and aliases sharing a term stand for each other too. */
export interface SynonymRecord {
  term: string;
  alias: string;
}

/** A vocabulary word that a typed word probably meant ("piza" → "pizza"). */
export interface WordCorrection {
  typed: string;
  word: string;
}
