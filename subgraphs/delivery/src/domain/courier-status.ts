import type { CourierStatus, IdleClock } from '../data';

export type CourierStatusChange =
  | { kind: 'CHANGE'; idle: IdleClock }
  | { kind: 'UNCHANGED' }
  | { kind: 'REFUSED'; code: 'BAD_USER_INPUT' | 'INVALID_STATE'; message: string };

/**
 * What a courier may do with their own status (`setCourierStatus`):
 *
 * | from \ to | OFFLINE                 | IDLE                  |
 * |-----------|-------------------------|-----------------------|
 * | OFFLINE   | unchanged               | online, idle clock on |
 * | IDLE      | offline, idle clock off | unchanged             |
 * | OFFERED   | INVALID_STATE (answer)  | INVALID_STATE         |
 * | BUSY      | INVALID_STATE (deliver) | INVALID_STATE         |
 *
 * OFFERED and BUSY are dispatch's to set: asking for them is BAD_USER_INPUT.
 */
export function courierStatusChange(from: CourierStatus, to: CourierStatus): CourierStatusChange {
  if (to === 'OFFERED' || to === 'BUSY') {
    return { kind: 'REFUSED', code: 'BAD_USER_INPUT', message: `${to} is set by dispatch; a courier can only go IDLE (online) or OFFLINE` };
  }
  if (from === to) return { kind: 'UNCHANGED' };
  if (from === 'OFFERED') return { kind: 'REFUSED', code: 'INVALID_STATE', message: 'You have an offer waiting: accept or decline it first' };
  if (from === 'BUSY') return { kind: 'REFUSED', code: 'INVALID_STATE', message: 'You are carrying an order: deliver it first' };
  return { kind: 'CHANGE', idle: to === 'IDLE' ? 'start' : 'stop' };
}
