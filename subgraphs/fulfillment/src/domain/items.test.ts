import type { PickTaskItemRecord } from '../data/types';
import { bagContents, missingItemProblem, nothingToPack, pickLines } from './items';

const line = (productId: string, quantity: number, missingQuantity = 0): PickTaskItemRecord => ({ taskId: 'pck_1', productId, quantity, missingQuantity });

describe('pickLines', () => {
  it('when a product is listed twice, then its units are summed into one line, in first-seen order', () => {
    expect(
      pickLines([
        { productId: 'prd_b', quantity: 1 },
        { productId: 'prd_a', quantity: 2 },
        { productId: 'prd_b', quantity: 3 },
      ]),
    ).toEqual([
      { productId: 'prd_b', quantity: 4 },
      { productId: 'prd_a', quantity: 2 },
    ]);
  });

  it.each([0, -1, 1.5])('when a line has quantity %p, then the event is refused', (quantity) => {
    expect(() => pickLines([{ productId: 'prd_a', quantity }])).toThrow('prd_a');
  });
});

describe('missingItemProblem', () => {
  const items = [line('prd_a', 3, 1), line('prd_b', 1)];

  it('when the units fit in what is ordered and not yet missing, then there is no problem', () => {
    expect(missingItemProblem(items, 'prd_a', 2)).toBeNull();
    expect(missingItemProblem(items, 'prd_b', 1)).toBeNull();
  });

  it('when the product is not in the order, then that is the problem', () => {
    expect(missingItemProblem(items, 'prd_zzz', 1)).toEqual({ field: 'productId', message: 'product prd_zzz is not in this order' });
  });

  it('when more units are reported than ordered minus already missing, then the problem names the numbers', () => {
    expect(missingItemProblem(items, 'prd_a', 3)).toEqual({
      field: 'quantity',
      message: 'only 2 unit(s) of prd_a can still be reported missing (3 ordered, 1 already missing)',
    });
  });

  it.each([0, -2, 0.5])('when the quantity is %p, then it is refused', (quantity) => {
    expect(missingItemProblem(items, 'prd_a', quantity)).toEqual({ field: 'quantity', message: 'quantity must be a whole number above zero' });
  });
});

describe('bagContents and nothingToPack', () => {
  it('when some units are missing, then the bag holds ordered minus missing and drops emptied lines', () => {
    const items = [line('prd_a', 3, 1), line('prd_b', 2, 2), line('prd_c', 1)];
    expect(bagContents(items)).toEqual([
      { productId: 'prd_a', quantity: 2 },
      { productId: 'prd_c', quantity: 1 },
    ]);
    expect(nothingToPack(items)).toBe(false);
  });

  it('when every unit is missing, then there is nothing to pack', () => {
    expect(nothingToPack([line('prd_a', 2, 2), line('prd_b', 1, 1)])).toBe(true);
  });

  it('when the task has no stored lines, then packing is not refused for emptiness', () => {
    expect(bagContents([])).toEqual([]);
    expect(nothingToPack([])).toBe(false);
  });
});
