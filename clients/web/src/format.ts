/** Display helpers: every page formats money, times and durations the same way. */

export const money = (m: { amountCents: number; currency: string }): string =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: m.currency }).format(m.amountCents / 100);

export const clock = (iso: string | Date): string => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** 754 → "12 min 34 s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(s / 60);
  return minutes ? `${minutes} min ${s % 60} s` : `${s} s`;
}

/** "IN_TRANSIT" → "In transit". */
export const words = (constant: string): string => constant.charAt(0) + constant.slice(1).toLowerCase().replace(/_/g, ' ');
