import type { PickTaskItemRecord } from '../data/types';

/** A product and a number of its units. */
export interface ItemQuantity {
  productId: string;
  quantity: number;
}

/**
 * The order's lines as pick lines: one per product (a product listed twice is summed), in first-seen
 * order. Lines without a positive whole quantity mean the event is corrupt, so this throws and the
 * event is retried, then dead-lettered, rather than queued half-right.
 */
export function pickLines(items: readonly ItemQuantity[]): ItemQuantity[] {
  const byProduct = new Map<string, number>();
  for (const { productId, quantity } of items) {
    if (!Number.isInteger(quantity) || quantity <= 0) throw new Error(`order line ${productId} has quantity ${quantity}`);
    byProduct.set(productId, (byProduct.get(productId) ?? 0) + quantity);
  }
  return [...byProduct].map(([productId, quantity]) => ({ productId, quantity }));
}

/** Why a missing-item report is refused: the argument at fault and the reason, for staff. */
export interface MissingItemProblem {
  field: 'productId' | 'quantity';
  message: string;
}

/**
 * Why a missing-item report cannot be accepted, or null when it can: the quantity is a whole number
 * above zero, the product is in the order, and the units reported (now and before) never exceed the
 * units ordered.
 */
export function missingItemProblem(items: readonly PickTaskItemRecord[], productId: string, quantity: number): MissingItemProblem | null {
  if (!Number.isInteger(quantity) || quantity <= 0) return { field: 'quantity', message: 'quantity must be a whole number above zero' };
  const line = items.find((i) => i.productId === productId);
  if (!line) return { field: 'productId', message: `product ${productId} is not in this order` };
  const left = line.quantity - line.missingQuantity;
  if (quantity > left) {
    return {
      field: 'quantity',
      message: `only ${left} unit(s) of ${productId} can still be reported missing (${line.quantity} ordered, ${line.missingQuantity} already missing)`,
    };
  }
  return null;
}

/** What goes in the bag: every line's ordered minus missing units, lines with nothing left omitted. */
export function bagContents(items: readonly PickTaskItemRecord[]): ItemQuantity[] {
  return items.map((i) => ({ productId: i.productId, quantity: i.quantity - i.missingQuantity })).filter((i) => i.quantity > 0);
}

/**
 * Whether the bag would leave empty: every unit of a task with lines was reported missing. A task
 * without stored lines (seeded history) is not judged, since nothing is known about its contents.
 */
export const nothingToPack = (items: readonly PickTaskItemRecord[]): boolean => items.length > 0 && bagContents(items).length === 0;
