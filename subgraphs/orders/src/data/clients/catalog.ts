import { ServiceClient } from '@qc/shared';

/** A product's current list price, as catalog answers it. */
export interface CatalogPrice {
  productId: string;
  amountCents: number;
  currency: string;
}

const PRICES = /* GraphQL */ `
  query OrdersPriceProducts($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Product {
        id
        price { amountCents currency }
      }
    }
  }
`;

interface PricesData {
  _entities: ({ id: string; price: { amountCents: number; currency: string } } | null)[];
}

/** Reads prices from catalog through its federation `_entities` field; no catalog change needed. */
export class CatalogClient {
  constructor(private readonly client: ServiceClient) {}

  /** One entry per id, in id order; null where catalog does not know the product. */
  async prices(productIds: readonly string[], requestId?: string): Promise<(CatalogPrice | null)[]> {
    const data = await this.client.request<PricesData>(
      PRICES,
      { representations: productIds.map((id) => ({ __typename: 'Product', id })) },
      requestId,
    );
    return data._entities.map((entity) =>
      entity ? { productId: entity.id, amountCents: entity.price.amountCents, currency: entity.price.currency } : null,
    );
  }
}
