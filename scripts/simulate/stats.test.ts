import {
  assignmentLatencyMs,
  distribution,
  errorsDominate,
  errorTotal,
  formatDuration,
  formatProgress,
  formatSummary,
  lateOnSimulatedClock,
  newCounters,
  noteOffer,
  offerLatency,
  packedToOfferedMs,
  percentile,
  simulatedOrderToDoorMs,
  summarize,
  tallyError,
  type ErrorTally,
  type OrderTimeline,
} from './stats';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');

describe('simulator stats', () => {
  it('when percentiles are taken, then they are nearest-rank over the sorted values', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(distribution([30, 10, 20])).toEqual({ count: 3, p50: 20, p95: 30, max: 30 });
  });

  it('when an order is simulated, then bot work counts at the speed, rides at their compression, the platform at 1×', () => {
    const order: OrderTimeline = {
      placedAt: T0,
      // 2 s of platform before the store saw it, 8 s of store work.
      storeWork: { start: T0 + 2_000, end: T0 + 10_000 },
      packedAt: T0 + 10_000,
      // Rode to the store from 5 s to 15 s: only the 5 s after packing held the order up.
      toStore: { start: T0 + 5_000, end: T0 + 15_000 },
      // 1 s of platform (pickup), 10 s ride, 3 s hand-over, 1 s platform.
      toDoor: { start: T0 + 16_000, end: T0 + 26_000 },
      handover: { start: T0 + 26_000, end: T0 + 29_000 },
      deliveredAt: T0 + 30_000,
      travelCompression: 10,
    };
    const expected = (8_000 + 3_000) * 60 + (5_000 + 10_000) * 10 + (30_000 - 8_000 - 3_000 - 15_000);
    expect(simulatedOrderToDoorMs(order, 60)).toBe(expected);
    expect(simulatedOrderToDoorMs(order, 1)).toBe(30_000 - 15_000 + 15_000 * 10);
  });

  it('when the courier reached the store before the bag was packed, then that ride held nothing up', () => {
    const order: OrderTimeline = { placedAt: T0, packedAt: T0 + 20_000, toStore: { start: T0 + 1_000, end: T0 + 8_000 }, deliveredAt: T0 + 30_000, travelCompression: 5 };
    expect(simulatedOrderToDoorMs(order, 60)).toBe(30_000);
    expect(simulatedOrderToDoorMs({ placedAt: T0 }, 60)).toBeNull();
  });

  it('when store work outlasts the promise on the simulated clock, then the bag is late there, whatever the real clock says', () => {
    const base: OrderTimeline = { placedAt: T0, promisedReadyAt: T0 + 12 * 60_000, storeWork: { start: T0 + 1_000, end: T0 + 10_000 }, packedAt: T0 + 10_000 };
    // 9 s of store work at 60× is 9 min, plus 1 s of platform: on time.
    expect(lateOnSimulatedClock(base, 60)).toBe(false);
    // At 120× it is 18 min: late.
    expect(lateOnSimulatedClock(base, 120)).toBe(true);
    expect(lateOnSimulatedClock({ placedAt: T0 }, 60)).toBeNull();
  });

  it('when a courier was assigned before packing, then the assignment latency is 0', () => {
    expect(assignmentLatencyMs({ packedAt: T0 + 5_000, assignedAt: T0 + 7_500 })).toBe(2_500);
    expect(assignmentLatencyMs({ packedAt: T0 + 5_000, assignedAt: T0 + 1_000 })).toBe(0);
    expect(assignmentLatencyMs({ packedAt: T0 })).toBeNull();
  });

  it('when bots see several offers of an order, then the earliest-created one is kept as the first', () => {
    const order: OrderTimeline = {};
    noteOffer(order, T0 + 40_000, 2);
    noteOffer(order, T0 + 10_000, 1);
    noteOffer(order, T0 + 70_000, 3);
    noteOffer(order, NaN, 1);
    expect(order.firstOffer).toEqual({ at: T0 + 10_000, attempt: 1 });
  });

  it('when an order is offered after packing, before it, or first to a courier outside the run, then packed → offered is the gap, 0, or unknown', () => {
    expect(packedToOfferedMs({ packedAt: T0, firstOffer: { at: T0 + 350, attempt: 1 } })).toBe(350);
    expect(packedToOfferedMs({ packedAt: T0, firstOffer: { at: T0 - 2_000, attempt: 1 } })).toBe(0);
    expect(packedToOfferedMs({ packedAt: T0, firstOffer: { at: T0 + 30_500, attempt: 2 } })).toBeNull();
    expect(packedToOfferedMs({ packedAt: T0 })).toBeNull();
    expect(packedToOfferedMs({ firstOffer: { at: T0, attempt: 1 } })).toBeNull();
  });

  it('when packed → offered is summed up, then it has nearest-rank percentiles and says what it left out and why', () => {
    const orders: OrderTimeline[] = [
      ...Array.from({ length: 98 }, (_, i): OrderTimeline => ({ packedAt: T0 + i * 100, firstOffer: { at: T0 + i * 100 + (i + 1) * 10, attempt: 1 } })),
      { packedAt: T0 + 5_000, firstOffer: { at: T0 + 1_000, attempt: 1 } },
      { packedAt: T0 + 6_000, firstOffer: { at: T0 + 6_000 + 2_500, attempt: 1 } },
      { packedAt: T0 + 7_000, firstOffer: { at: T0 + 40_000, attempt: 2 } },
      { packedAt: T0 + 8_000 },
      { placedAt: T0 },
    ];
    const all = offerLatency(orders);
    expect(all).toEqual({ count: 100, p50: 490, p95: 940, p99: 980, max: 2_500, beforePacked: 1, firstOfferUnseen: 1, neverOffered: 1 });

    // Only what was packed in the first 5 s (packedAt T0 … T0 + 5_000): 50 of the 98 and the early one.
    const early = offerLatency(orders, { start: T0, end: T0 + 5_000 });
    expect(early).toMatchObject({ count: 52, max: 510, beforePacked: 1, firstOfferUnseen: 0, neverOffered: 0 });
    expect(offerLatency([], { start: T0, end: T0 + 1 }).p99).toBeNaN();
  });

  it('when errors are tallied, then they are counted by code and operation', () => {
    const tally: ErrorTally = {};
    tallyError(tally, 'INVALID_STATE', 'acceptOffer');
    tallyError(tally, 'INVALID_STATE', 'acceptOffer');
    tallyError(tally, 'NETWORK', 'reportLocation');
    expect(tally).toEqual({ INVALID_STATE: { acceptOffer: 2 }, NETWORK: { reportLocation: 1 } });
    expect(errorTotal(tally)).toBe(3);
  });

  it('when a run is summarised, then it reports door times, assignment latency, lateness and final statuses', () => {
    const counters = { ...newCounters(), attempted: 3, placed: 3, delivered: 2, packed: 3, declined: 1 };
    const orders: OrderTimeline[] = [
      { placedAt: T0, packedAt: T0 + 4_000, assignedAt: T0 + 5_000, deliveredAt: T0 + 20_000, isLate: false, minutesLate: 0, finalStatus: 'DELIVERED' },
      { placedAt: T0, packedAt: T0 + 4_000, assignedAt: T0 + 3_000, deliveredAt: T0 + 40_000, isLate: true, minutesLate: 3, finalStatus: 'DELIVERED' },
      { placedAt: T0, packedAt: T0 + 4_000, isLate: false, minutesLate: 0, finalStatus: 'PACKED', failure: 'delivery FAILED (escalated)' },
    ];
    const summary = summarize({ requested: 3, orders, counters, errors: { NETWORK: { myOffers: 1 } }, speed: 60, elapsedMs: 45_000, timedOut: false });
    expect(summary.orderToDoorReal).toEqual({ count: 2, p50: 20_000, p95: 40_000, max: 40_000 });
    expect(summary.orderToDoorSim.p50).toBe(20_000);
    expect(summary.assignment).toEqual({ count: 2, p50: 0, p95: 1_000, max: 1_000, beforePacked: 1 });
    expect(summary.late).toEqual({ count: 1, of: 3, maxMinutes: 3, simulated: 0, simulatedOf: 0 });
    expect(summary.finalStatuses).toEqual({ DELIVERED: 2, PACKED: 1 });
    expect(summary.failures).toEqual({ 'delivery FAILED (escalated)': 1 });
    expect(errorsDominate(summary)).toBe(false);

    const text = formatSummary(summary);
    for (const part of ['delivered 2', 'order-to-door, real', 'median 20.0 s', 'p95 40.0 s', 'order-to-door, sim', 'p95 1.0 s', 'declined 1', 'late 1 of 3', 'DELIVERED 2', 'ended undelivered     delivery FAILED (escalated) 1', 'NETWORK']) {
      expect(text).toContain(part);
    }
  });

  it('when errors outnumber delivered orders, or nothing was placed, then errors dominate', () => {
    const base = summarize({ requested: 1, orders: [], counters: { ...newCounters(), placed: 2, delivered: 1 }, errors: { NETWORK: { placeOrder: 2 } }, speed: 60, elapsedMs: 1, timedOut: false });
    expect(errorsDominate(base)).toBe(true);
    expect(errorsDominate({ ...base, errorCount: 1 })).toBe(false);
    expect(errorsDominate({ ...base, errorCount: 0, counters: { ...base.counters, placed: 0 } })).toBe(true);
  });

  it('when durations and progress are formatted, then they read as people write them', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
    expect(formatDuration(NaN)).toBe('–');
    const line = formatProgress(12_000, 200, { ...newCounters(), attempted: 40, placed: 38, packed: 20, accepted: 18, pickedUp: 10, delivered: 5 }, 2, { idle: 3, offered: 1, busy: 18 });
    expect(line).toBe('[  12.0 s]  placed 40/200  confirmed 38  packed 20  assigned 18  picked up 10  delivered 5  failed 0  errors 2  | couriers idle 3 offered 1 busy 18');
  });
});
