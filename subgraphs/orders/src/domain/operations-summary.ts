/** The window `ordersPerMinute` is measured over: long enough to smooth a burst, short enough to show a lull. */
export const SUMMARY_WINDOW_MINUTES = 15;

/** What the operations map shows of the city's orders (GraphQL `OperationsSummary`). */
export interface OperationsSummary {
  ordersPerMinute: number;
  windowMinutes: number;
  ordersToday: number;
  deliveredToday: number;
  medianOrderToDoorSeconds: number | null;
  computedAt: Date;
}

/** Where the two counting windows start at `now`: the last minutes, and midnight UTC ("today" is the same for every viewer). */
export function summaryWindows(now: Date): { recentSince: Date; daySince: Date } {
  const daySince = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { recentSince: new Date(now.getTime() - SUMMARY_WINDOW_MINUTES * 60_000), daySince };
}

/** The summary from the counts read over `summaryWindows(now)`; the rate keeps two decimals. */
export function operationsSummary(
  counts: { recent: number; today: number; deliveredToday: number; medianToDoorSeconds: number | null },
  now: Date,
): OperationsSummary {
  return {
    ordersPerMinute: Math.round((counts.recent / SUMMARY_WINDOW_MINUTES) * 100) / 100,
    windowMinutes: SUMMARY_WINDOW_MINUTES,
    ordersToday: counts.today,
    deliveredToday: counts.deliveredToday,
    medianOrderToDoorSeconds: counts.medianToDoorSeconds === null ? null : Math.round(counts.medianToDoorSeconds),
    computedAt: now,
  };
}
