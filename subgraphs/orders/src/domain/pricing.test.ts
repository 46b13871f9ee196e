import { lineTotal } from './pricing';

describe('pricing', () => {
  it('when a line has a quantity and a unit price, then its total is their product in the same currency', () => {
    expect(lineTotal({ quantity: 3, unitPriceCents: 249, currency: 'EUR' })).toEqual({ amountCents: 747, currency: 'EUR' });
  });

  it('when an item was free, then the line costs nothing', () => {
    expect(lineTotal({ quantity: 2, unitPriceCents: 0, currency: 'GBP' })).toEqual({ amountCents: 0, currency: 'GBP' });
  });
});
