import type { OpeningHoursRecord } from '../data/types';

const MINUTES_PER_DAY = 24 * 60;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Creating a formatter is costly and `stores` asks for thousands at once, so keep one per zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      // h23, not hour12: false, which some engines render as "24:05" just after midnight.
      hourCycle: 'h23',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/**
 * `formatToParts` costs microseconds and an availability lookup asks for every covering store; within one
 * UTC minute every zone's local minute is fixed (offsets are whole minutes), so answers are kept per zone
 * for the current minute only.
 */
let memoMinute = NaN;
const memo = new Map<string, { dayOfWeek: number; minutes: number }>();

/** The wall clock in `timezone` at `now`: weekday (0 = Sunday) and minutes since local midnight. */
export function localTime(timezone: string, now: Date): { dayOfWeek: number; minutes: number } {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== memoMinute) {
    memo.clear();
    memoMinute = minute;
  }
  const known = memo.get(timezone);
  if (known) return { ...known };
  const parts = formatterFor(timezone).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const dayOfWeek = WEEKDAYS.indexOf(part('weekday'));
  if (dayOfWeek < 0) throw new Error(`cannot read the weekday in ${timezone}`);
  const local = { dayOfWeek, minutes: Number(part('hour')) * 60 + Number(part('minute')) };
  memo.set(timezone, local);
  return { ...local };
}

/** `HH:MM` → minutes since midnight; `24:00` is the end of the day. */
export function parseClock(clock: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > MINUTES_PER_DAY) throw new Error(`not an HH:MM time: ${clock}`);
  return minutes;
}

/**
 * How long a window lasts, in minutes. A window runs from `opens` to the next time the clock shows
 * `closes`: when that is before `opens` the window crosses midnight, and when it equals `opens` the
 * store is open round the clock.
 */
function windowLength(window: OpeningHoursRecord): number {
  const length = (parseClock(window.closes) - parseClock(window.opens) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return length === 0 ? MINUTES_PER_DAY : length;
}

/**
 * Whether a store with these opening hours, in this IANA time zone, is open at `now`.
 *
 * Hours are local wall-clock times, so daylight saving needs no special case: the zone's rules turn
 * `now` into the local weekday and time first. A window belongs to the day it opens: Friday 22:00–02:00
 * covers Friday night and the first two hours of Saturday. A day without any window is a closed day.
 */
export function isOpenAt(openingHours: readonly OpeningHoursRecord[], timezone: string, now: Date): boolean {
  const { dayOfWeek, minutes } = localTime(timezone, now);
  const yesterday = (dayOfWeek + 6) % 7;
  return openingHours.some((window) => {
    const start = parseClock(window.opens);
    if (window.dayOfWeek === dayOfWeek) return minutes >= start && minutes < start + windowLength(window);
    // Yesterday's window may still be running after midnight.
    if (window.dayOfWeek === yesterday) return minutes + MINUTES_PER_DAY < start + windowLength(window);
    return false;
  });
}
