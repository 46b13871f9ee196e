import type { InputProblem } from './place-order';

/** A cart line availability could not serve: requested vs the most free in any covering store. */
export interface ShortItem {
  productId: string;
  requested: number;
  available: number;
}

/**
 * What a placement ended in, as kept with its idempotency key and replayed to every retry. Every kind
 * but `not_deliverable` and `invalid` names a recorded order.
 */
export type PlacementOutcome =
  | { kind: 'placed'; orderId: string }
  | { kind: 'rejected'; orderId: string; items: ShortItem[] }
  | { kind: 'declined'; orderId: string; reason: string }
  | { kind: 'not_deliverable'; reason: string }
  | { kind: 'invalid'; message: string; problems: InputProblem[] };
