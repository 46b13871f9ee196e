import type { DeliveryStatus } from '../data/types';

/** What can happen to a delivery, and who does it. */
export type DeliveryAction =
  /** The offered courier accepts (acceptOffer). */
  | 'ACCEPT'
  /** The assigned courier has the bag (confirmPickup). */
  | 'PICK_UP'
  /** The courier handed it over with proof (confirmDelivery). */
  | 'DELIVER'
  /** Nobody took it (escalation) or the order was cancelled. */
  | 'FAIL';

/**
 * The delivery state machine, the one place its transitions are written down:
 *
 *   OFFERED ──ACCEPT──▶ ASSIGNED ──PICK_UP──▶ PICKED_UP ──DELIVER──▶ DELIVERED
 *      │                   │                      │
 *      └──────FAIL─────────┴─────────FAIL─────────┴──▶ FAILED
 *
 * DELIVERED and FAILED are final.
 */
export const DELIVERY_TRANSITIONS: Readonly<Record<DeliveryStatus, Readonly<Partial<Record<DeliveryAction, DeliveryStatus>>>>> = {
  OFFERED: { ACCEPT: 'ASSIGNED', FAIL: 'FAILED' },
  ASSIGNED: { PICK_UP: 'PICKED_UP', FAIL: 'FAILED' },
  PICKED_UP: { DELIVER: 'DELIVERED', FAIL: 'FAILED' },
  DELIVERED: {},
  FAILED: {},
};

/** Where `action` takes a delivery in `from`, or null if the table does not allow it. */
export const nextDeliveryStatus = (from: DeliveryStatus, action: DeliveryAction): DeliveryStatus | null =>
  DELIVERY_TRANSITIONS[from][action] ?? null;

export type TransitionPlan = { ok: true; from: DeliveryStatus; to: DeliveryStatus } | { ok: false; message: string };

const ACTION_NAMES: Record<DeliveryAction, string> = {
  ACCEPT: 'accepted',
  PICK_UP: 'picked up',
  DELIVER: 'delivered',
  FAIL: 'failed',
};

/**
 * Plans a courier's step on a delivery: the table decides, and a pickup also needs the bag to be
 * packed (a courier who arrives early waits for the store, they cannot leave without it).
 */
export function planDeliveryTransition(status: DeliveryStatus, action: DeliveryAction, facts: { packed: boolean }): TransitionPlan {
  const to = nextDeliveryStatus(status, action);
  if (!to) {
    const allowed = (Object.keys(DELIVERY_TRANSITIONS) as DeliveryStatus[]).filter((s) => DELIVERY_TRANSITIONS[s][action]);
    return { ok: false, message: `The delivery is ${status}; it can be ${ACTION_NAMES[action]} only when ${allowed.join(' or ')}` };
  }
  if (action === 'PICK_UP' && !facts.packed) return { ok: false, message: 'The store has not packed the order yet' };
  return { ok: true, from: status, to };
}
