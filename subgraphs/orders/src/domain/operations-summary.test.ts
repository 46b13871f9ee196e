import { operationsSummary, SUMMARY_WINDOW_MINUTES, summaryWindows } from './operations-summary';

describe('operations summary', () => {
  const now = new Date('2026-12-07T00:10:00.000Z');

  it('when it is ten past midnight UTC, then today starts at midnight and the recent window reaches into yesterday', () => {
    expect(summaryWindows(now)).toEqual({
      daySince: new Date('2026-12-07T00:00:00.000Z'),
      recentSince: new Date(now.getTime() - SUMMARY_WINDOW_MINUTES * 60_000),
    });
  });

  it('when 7 orders were placed in the window, then the rate is per minute with two decimals and the median is whole seconds', () => {
    expect(operationsSummary({ recent: 7, today: 3, deliveredToday: 2, medianToDoorSeconds: 1234.5 }, now)).toEqual({
      ordersPerMinute: 0.47,
      windowMinutes: 15,
      ordersToday: 3,
      deliveredToday: 2,
      medianOrderToDoorSeconds: 1235,
      computedAt: now,
    });
  });

  it('when nothing was delivered today, then the median is null', () => {
    expect(operationsSummary({ recent: 0, today: 0, deliveredToday: 0, medianToDoorSeconds: null }, now).medianOrderToDoorSeconds).toBeNull();
  });
});
