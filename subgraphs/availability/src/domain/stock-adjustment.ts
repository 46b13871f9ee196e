import { badInput } from '@qc/shared';
import type { InventoryAdjustmentRecord, StockRecord } from '../data/types';
import { availableUnits } from './stock';

/** The largest change one adjustment may make either way: a pallet count, not a typo's worth. */
export const MAX_ADJUSTMENT = 1_000_000;
export const MAX_REASON_LENGTH = 500;

/** What staff asked for (GraphQL `AdjustStockInput`). */
export interface StockAdjustmentInput {
  storeId: string;
  productId: string;
  delta: number;
  reason: string;
}

/** What `adjustStock` did: the change, or why nothing changed (the `AdjustStockResult` union). */
export type StockAdjustmentOutcome =
  | { kind: 'adjusted'; stock: StockRecord; adjustment: InventoryAdjustmentRecord }
  | { kind: 'insufficient'; message: string; onHand: number; reserved: number; available: number; requestedDelta: number }
  | { kind: 'not-stocked'; message: string; storeId: string; productId: string }
  | { kind: 'store-not-found'; message: string; storeId: string };

/** Throws BAD_USER_INPUT for a zero or huge delta and an empty or over-long reason; returns the input with the reason trimmed. */
export function validateAdjustment(input: StockAdjustmentInput): StockAdjustmentInput {
  if (!Number.isInteger(input.delta) || input.delta === 0) throw badInput('delta must be a non-zero whole number of units', 'delta');
  if (Math.abs(input.delta) > MAX_ADJUSTMENT) throw badInput(`delta must be within ±${MAX_ADJUSTMENT}`, 'delta');
  const reason = input.reason.trim();
  if (reason.length === 0) throw badInput('say why the stock changed (reason)', 'reason');
  if (reason.length > MAX_REASON_LENGTH) throw badInput(`reason is longer than ${MAX_REASON_LENGTH} characters`, 'reason');
  return { ...input, reason };
}

/**
 * Why an adjustment that changed nothing was refused, from what the database holds now: no such store,
 * a store that does not carry the product, or a delta that would leave fewer units than are reserved.
 */
export function refusal(
  input: StockAdjustmentInput,
  current: StockRecord | null,
  storeExists: boolean,
): Exclude<StockAdjustmentOutcome, { kind: 'adjusted' }> {
  if (!storeExists) return { kind: 'store-not-found', storeId: input.storeId, message: `Store ${input.storeId} does not exist` };
  if (!current) {
    return {
      kind: 'not-stocked',
      storeId: input.storeId,
      productId: input.productId,
      message: `Store ${input.storeId} does not carry product ${input.productId}`,
    };
  }
  const available = availableUnits(current);
  return {
    kind: 'insufficient',
    onHand: current.onHand,
    reserved: current.reserved,
    available,
    requestedDelta: input.delta,
    message:
      current.onHand + input.delta < current.reserved
        ? `Cannot take ${-input.delta} units of ${input.productId} from store ${input.storeId}: only ${available} are not reserved`
        : `Cannot add ${input.delta} units of ${input.productId} to store ${input.storeId}: the count would overflow`,
  };
}
