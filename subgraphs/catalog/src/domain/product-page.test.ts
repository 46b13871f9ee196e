import { isProductPageKey, isProductSearchKey } from './product-page';

describe('cursor keys', () => {
  it('when a search key has integer tier 0–4 and score 0–1000, then it is accepted', () => {
    expect(isProductSearchKey({ tier: 4, score: 1000, name: 'a', id: 'prd_1' })).toBe(true);
  });

  it('when a search key has a float score, a tier out of range or a missing id, then it is refused', () => {
    expect(isProductSearchKey({ tier: 1, score: 0.5, name: 'a', id: 'prd_1' })).toBe(false);
    expect(isProductSearchKey({ tier: 5, score: 1, name: 'a', id: 'prd_1' })).toBe(false);
    expect(isProductSearchKey({ tier: 1, score: 1, name: 'a' })).toBe(false);
    expect(isProductSearchKey('x')).toBe(false);
  });

  it('when a search key is offered as a browse cursor, then it is refused, and the other way round', () => {
    expect(isProductPageKey({ tier: 0, score: 1, name: 'a', id: 'prd_1' })).toBe(false);
    expect(isProductSearchKey({ name: 'a', id: 'prd_1' })).toBe(false);
    expect(isProductPageKey({ name: 'a', id: 'prd_1' })).toBe(true);
  });
});
