/**
 * What every part of the city generator shares: its place in the world, units of time and speed,
 * and how ids are made.
 */
import type { VehicleType } from './types';

export const CITY_RADIUS_M = 12_000;
export const TIMEZONE = 'Europe/Berlin';
export const CURRENCY = 'EUR';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Metres per second in city traffic. */
export const SPEED: Record<VehicleType, number> = { BICYCLE: 4.2, E_BIKE: 5.5, SCOOTER: 7, CAR: 8 };

/** `prefix_0042`: at least `minWidth` digits, more when the count needs them, so ids sort. */
export const idMaker = (prefix: string, minWidth: number, count: number) => {
  const width = Math.max(minWidth, String(count).length);
  return (index: number) => `${prefix}_${String(index + 1).padStart(width, '0')}`;
};

export const indexOfId = (id: string): number => Number(id.slice(id.indexOf('_') + 1)) - 1;

/** Shelf prices end in 9: 1.29, 2.49, 12.99. */
export const shelfPrice = (cents: number): number => Math.max(19, Math.round(cents / 10) * 10 - 1);
