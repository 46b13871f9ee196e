import type { OpeningHoursRecord } from '../data/types';
import { isOpenAt, localTime, parseClock } from './opening-hours';

const everyDay = (opens: string, closes: string): OpeningHoursRecord[] =>
  [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens, closes }));

describe('localTime', () => {
  it('when an instant is read in Berlin in winter and in summer, then the offset follows daylight saving', () => {
    expect(localTime('Europe/Berlin', new Date('2026-01-15T08:30:00Z'))).toEqual({ dayOfWeek: 4, minutes: 9 * 60 + 30 });
    expect(localTime('Europe/Berlin', new Date('2026-07-15T08:30:00Z'))).toEqual({ dayOfWeek: 3, minutes: 10 * 60 + 30 });
  });

  it('when it is just after local midnight, then the hour is 0, not 24', () => {
    expect(localTime('UTC', new Date('2026-03-01T00:05:00Z'))).toEqual({ dayOfWeek: 0, minutes: 5 });
  });
});

describe('parseClock', () => {
  it('when a time is HH:MM or 24:00, then it becomes minutes since midnight', () => {
    expect(parseClock('00:00')).toBe(0);
    expect(parseClock('07:45')).toBe(465);
    expect(parseClock('24:00')).toBe(1440);
  });

  it('when a time is malformed, then it throws', () => {
    for (const bad of ['7:45', '24:01', '12:60', 'noon', '']) expect(() => parseClock(bad)).toThrow();
  });
});

describe('isOpenAt', () => {
  // 2026-11-20 is a Friday.
  const berlinNineToFive = everyDay('09:00', '17:00');

  it('when it is inside the day window in local time, then the store is open', () => {
    expect(isOpenAt(berlinNineToFive, 'Europe/Berlin', new Date('2026-11-20T08:00:00Z'))).toBe(true);
  });

  it('when it is exactly closing time, then the store is closed; a minute before, it is open', () => {
    expect(isOpenAt(berlinNineToFive, 'Europe/Berlin', new Date('2026-11-20T16:00:00Z'))).toBe(false);
    expect(isOpenAt(berlinNineToFive, 'Europe/Berlin', new Date('2026-11-20T15:59:00Z'))).toBe(true);
  });

  it('when the same UTC instant falls in winter and in summer, then the local wall clock decides (DST)', () => {
    // 07:30Z is 08:30 in Berlin in winter (closed) and 09:30 in summer (open).
    expect(isOpenAt(berlinNineToFive, 'Europe/Berlin', new Date('2026-01-16T07:30:00Z'))).toBe(false);
    expect(isOpenAt(berlinNineToFive, 'Europe/Berlin', new Date('2026-07-17T07:30:00Z'))).toBe(true);
    // 09:30 local on both sides of the change is open, whatever the offset.
    expect(isOpenAt(berlinNineToFive, 'Europe/Berlin', new Date('2026-01-16T08:30:00Z'))).toBe(true);
  });

  it('when two stores see the same instant from different zones, then each uses its own local time', () => {
    const instant = new Date('2026-11-20T20:00:00Z'); // 21:00 in Berlin, 15:00 in New York
    expect(isOpenAt(berlinNineToFive, 'Europe/Berlin', instant)).toBe(false);
    expect(isOpenAt(berlinNineToFive, 'America/New_York', instant)).toBe(true);
  });

  it('when a day has no window, then the store is closed all that day', () => {
    const weekdaysOnly = [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, opens: '08:00', closes: '20:00' }));
    expect(isOpenAt(weekdaysOnly, 'UTC', new Date('2026-11-22T12:00:00Z'))).toBe(false); // Sunday
    expect(isOpenAt(weekdaysOnly, 'UTC', new Date('2026-11-20T12:00:00Z'))).toBe(true); // Friday
    expect(isOpenAt([], 'UTC', new Date('2026-11-20T12:00:00Z'))).toBe(false);
  });

  describe('overnight windows', () => {
    const fridayNight: OpeningHoursRecord[] = [{ dayOfWeek: 5, opens: '22:00', closes: '02:00' }];

    it('when it is after opening on the day the window opens, then the store is open', () => {
      expect(isOpenAt(fridayNight, 'UTC', new Date('2026-11-20T23:30:00Z'))).toBe(true); // Friday 23:30
    });

    it('when it is after midnight but before closing, then the window still belongs to the previous day', () => {
      expect(isOpenAt(fridayNight, 'UTC', new Date('2026-11-21T01:59:00Z'))).toBe(true); // Saturday 01:59
      expect(isOpenAt(fridayNight, 'UTC', new Date('2026-11-21T02:00:00Z'))).toBe(false); // Saturday 02:00
    });

    it('when it is early on the day the window opens, then the store is closed (that belongs to the day before)', () => {
      expect(isOpenAt(fridayNight, 'UTC', new Date('2026-11-20T01:00:00Z'))).toBe(false); // Friday 01:00
    });

    it('when Saturday night runs into Sunday, then the week wraps around', () => {
      const saturdayNight = [{ dayOfWeek: 6, opens: '22:00', closes: '02:00' }];
      expect(isOpenAt(saturdayNight, 'UTC', new Date('2026-11-22T01:00:00Z'))).toBe(true); // Sunday 01:00
    });
  });

  it('when a window opens and closes at the same time or runs to 24:00, then it covers the whole day', () => {
    const lateSunday = new Date('2026-11-22T23:59:30Z');
    expect(isOpenAt(everyDay('00:00', '00:00'), 'UTC', lateSunday)).toBe(true);
    expect(isOpenAt(everyDay('00:00', '24:00'), 'UTC', lateSunday)).toBe(true);
    expect(isOpenAt(everyDay('00:00', '23:59'), 'UTC', lateSunday)).toBe(false);
  });
});
