import { z } from 'zod';

/** An id: a non-empty string. */
export const id = z.string().min(1);
/** A point in time as ISO 8601 with an offset (`Date#toISOString`); consumers make a `Date` of it. */
export const isoTime = z.iso.datetime({ offset: true });
/** A WGS84 point. */
export const point = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
/** A whole number of units, at least `min`. */
export const count = (min: number) => z.number().int().min(min);
