/**
 * What the simulator counts and how it reports it: counters the bots bump, the per-order timeline
 * they fill in, and the pure arithmetic that turns them into the progress line and the summary.
 */
import { percentile } from '../bench/harness';

export { percentile };

/** Running totals, bumped by the bots as they see things happen. */
export interface Counters {
  /** placeOrder sent (once per order, retries not counted). */
  attempted: number;
  /** Answered OrderPlaced (the order is CONFIRMED). */
  placed: number;
  /** What each placement came to: a result type, or `error <code>`. */
  outcomes: Record<string, number>;
  picking: number;
  packed: number;
  missingReports: number;
  missingUnits: number;
  offersSeen: number;
  accepted: number;
  declined: number;
  /** Offers a courier let run out on purpose. */
  ignored: number;
  /** Offers for orders this run did not place (an earlier run's), declined. */
  foreignOffers: number;
  /** Open orders found in the city and taken over (`--adopt`). */
  adopted: number;
  pickedUp: number;
  delivered: number;
  /** confirmPickup refused because delivery had not yet heard the order was packed; retried. */
  pickupRetries: number;
  /** Orders that ended without delivery (cancelled, escalated, bag could not be packed …). */
  failed: number;
  reports: number;
  kept: number;
  thinned: number;
  outOfOrder: number;
}

export const newCounters = (): Counters => ({
  attempted: 0,
  placed: 0,
  outcomes: {},
  picking: 0,
  packed: 0,
  missingReports: 0,
  missingUnits: 0,
  offersSeen: 0,
  accepted: 0,
  declined: 0,
  ignored: 0,
  foreignOffers: 0,
  adopted: 0,
  pickedUp: 0,
  delivered: 0,
  pickupRetries: 0,
  failed: 0,
  reports: 0,
  kept: 0,
  thinned: 0,
  outOfOrder: 0,
});

/** Errors seen, by code and then by operation. */
export type ErrorTally = Record<string, Record<string, number>>;

export function tallyError(tally: ErrorTally, code: string, operation: string): void {
  const byOp = (tally[code] ??= {});
  byOp[operation] = (byOp[operation] ?? 0) + 1;
}

export const errorTotal = (tally: ErrorTally): number =>
  Object.values(tally).reduce((sum, byOp) => sum + Object.values(byOp).reduce((s, n) => s + n, 0), 0);

/** A real-time interval, epoch ms. */
export interface Span {
  start: number;
  end: number;
}

/** What the bots observed of one order, epoch ms (server timestamps where the API gave one). */
export interface OrderTimeline {
  placedAt?: number;
  /** When the store promised the bag (fulfillment's `promisedReadyAt`, a real-clock promise). */
  promisedReadyAt?: number;
  packedAt?: number;
  /** The earliest offer of the order a courier bot saw: delivery's `createdAt` and its `attempt`. */
  firstOffer?: { at: number; attempt: number };
  assignedAt?: number;
  pickedUpAt?: number;
  deliveredAt?: number;
  /** The store bot's work on the order: from finding it in the queue to its answer to markPacked. */
  storeWork?: Span;
  /** The courier's ride to the store and the ride to the door. */
  toStore?: Span;
  toDoor?: Span;
  /** From arriving at the door to asking to confirm the delivery. */
  handover?: Span;
  /** The courier's travel compression (simulated s per real s) during those rides. */
  travelCompression?: number;
  isLate?: boolean;
  minutesLate?: number;
  /** Why the order ended without delivery, if it did. */
  failure?: string;
  /** Order.status as orders reports it at the end of the run. */
  finalStatus?: string;
}

const length = (span: Span | undefined, from = -Infinity, to = Infinity): number =>
  span ? Math.max(0, Math.min(span.end, to) - Math.max(span.start, from)) : 0;

/**
 * The real ms of `[from, to]` turned into simulated ms. The bots' own work is time-compressed, the
 * platform is not: store work and the hand-over count at `speed`, rides at the courier's travel
 * compression, and everything else — events, dispatch, offer windows, polling — at 1×, as it would
 * take in a real city. A ride to the store counts only once the bag is packed: before that the
 * courier was not what held the order up.
 */
function simulatedMs(order: OrderTimeline, speed: number, from: number, to: number): number {
  const travel = order.travelCompression ?? speed;
  const rideToStoreFrom = Math.max(from, order.packedAt ?? from);
  const compressed: [ms: number, rate: number][] = [
    [length(order.storeWork, from, to), speed],
    [length(order.toStore, rideToStoreFrom, to), travel],
    [length(order.toDoor, from, to), travel],
    [length(order.handover, from, to), speed],
  ];
  const total = Math.max(0, to - from);
  return compressed.reduce((sim, [ms, rate]) => sim + Math.min(ms, total) * (rate - 1), total);
}

/** The order-to-door time in simulated ms (see `simulatedMs`), or null when it was not delivered. */
export function simulatedOrderToDoorMs(order: OrderTimeline, speed: number): number | null {
  if (order.placedAt === undefined || order.deliveredAt === undefined) return null;
  return simulatedMs(order, speed, order.placedAt, order.deliveredAt);
}

/**
 * Whether the bag was late against the store's promise on the simulated clock: the platform judges
 * `isLate` in real time, which compressed store work never reaches. The promise (10–20 min) is
 * measured from placement, as fulfillment measures it from confirmation a moment later.
 */
export function lateOnSimulatedClock(order: OrderTimeline, speed: number): boolean | null {
  if (order.placedAt === undefined || order.packedAt === undefined || order.promisedReadyAt === undefined) return null;
  return simulatedMs(order, speed, order.placedAt, order.packedAt) > order.promisedReadyAt - order.placedAt;
}

/** Packed → assigned in ms; 0 when the courier was assigned before packing (readiness-aware offers). */
export function assignmentLatencyMs(order: OrderTimeline): number | null {
  if (order.packedAt === undefined || order.assignedAt === undefined) return null;
  return Math.max(0, order.assignedAt - order.packedAt);
}

/** Keeps the earliest-created offer seen for the order (bots poll, so any of them may see one first). */
export function noteOffer(order: OrderTimeline, createdAt: number, attempt: number): void {
  if (Number.isNaN(createdAt)) return;
  if (!order.firstOffer || createdAt < order.firstOffer.at) order.firstOffer = { at: createdAt, attempt };
}

/**
 * Packed → first offered in ms (fulfillment's `packedAt` to delivery's `createdAt` of attempt 1); 0 when
 * the order was offered before packing (readiness-aware dispatch). Null when either is unknown, or
 * when the first offer went to a courier outside the run (the earliest one seen is a later attempt).
 */
export function packedToOfferedMs(order: OrderTimeline): number | null {
  if (order.packedAt === undefined || order.firstOffer?.attempt !== 1) return null;
  return Math.max(0, order.firstOffer.at - order.packedAt);
}

export interface OfferLatency extends Distribution {
  p99: number;
  /** Of those, offered before they were packed (counted as 0). */
  beforePacked: number;
  /** Packed, but the earliest offer seen was not the first one: its courier was not one of the bots. */
  firstOfferUnseen: number;
  /** Packed, and no offer was seen at all. */
  neverOffered: number;
}

/**
 * Packed → offered over the orders packed (by `packedAt`) within `packedDuring`, or all packed orders
 * when it is not given.
 */
export function offerLatency(orders: readonly OrderTimeline[], packedDuring?: Span): OfferLatency {
  const packed = orders.filter((o) => o.packedAt !== undefined && (!packedDuring || (o.packedAt >= packedDuring.start && o.packedAt <= packedDuring.end)));
  const measured = packed.filter((o) => packedToOfferedMs(o) !== null);
  const values = measured.map((o) => packedToOfferedMs(o)!);
  return {
    ...distribution(values),
    p99: percentile([...values].sort((a, b) => a - b), 99),
    beforePacked: measured.filter((o) => o.firstOffer!.at < o.packedAt!).length,
    firstOfferUnseen: packed.filter((o) => o.firstOffer !== undefined && o.firstOffer.attempt !== 1).length,
    neverOffered: packed.filter((o) => o.firstOffer === undefined).length,
  };
}

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? NaN };
}

export interface Summary {
  requested: number;
  counters: Counters;
  errors: ErrorTally;
  errorCount: number;
  /** Retryable answers (UNAVAILABLE, RATE_LIMITED, NETWORK, TIMEOUT) that were sent again: not errors. */
  retried: ErrorTally;
  orderToDoorReal: Distribution;
  orderToDoorSim: Distribution;
  assignment: Distribution & { beforePacked: number };
  /** `count` of `of` packed tasks were late by the platform's (real) clock, `simulated` by the simulated one. */
  late: { count: number; of: number; maxMinutes: number; simulated: number; simulatedOf: number };
  /** Order.status at the end, as orders reports it. */
  finalStatuses: Record<string, number>;
  /** Why orders ended without delivery, by reason. */
  failures: Record<string, number>;
  elapsedMs: number;
  speed: number;
  timedOut: boolean;
}

export function summarize(input: {
  requested: number;
  orders: readonly OrderTimeline[];
  counters: Counters;
  errors: ErrorTally;
  retried?: ErrorTally;
  speed: number;
  elapsedMs: number;
  timedOut: boolean;
}): Summary {
  const { orders, speed } = input;
  const delivered = orders.filter((o) => o.placedAt !== undefined && o.deliveredAt !== undefined);
  const assignments = orders.flatMap((o) => {
    const ms = assignmentLatencyMs(o);
    return ms === null ? [] : [{ ms, early: o.assignedAt! < o.packedAt! }];
  });
  const packed = orders.filter((o) => o.isLate !== undefined);
  const finalStatuses: Record<string, number> = {};
  const failures: Record<string, number> = {};
  for (const o of orders) {
    if (o.finalStatus) finalStatuses[o.finalStatus] = (finalStatuses[o.finalStatus] ?? 0) + 1;
    if (o.failure) failures[o.failure] = (failures[o.failure] ?? 0) + 1;
  }
  return {
    requested: input.requested,
    counters: input.counters,
    errors: input.errors,
    errorCount: errorTotal(input.errors),
    retried: input.retried ?? {},
    orderToDoorReal: distribution(delivered.map((o) => o.deliveredAt! - o.placedAt!)),
    orderToDoorSim: distribution(delivered.map((o) => simulatedOrderToDoorMs(o, speed)!)),
    assignment: { ...distribution(assignments.map((a) => a.ms)), beforePacked: assignments.filter((a) => a.early).length },
    late: {
      count: packed.filter((o) => o.isLate).length,
      of: packed.length,
      maxMinutes: packed.reduce((m, o) => Math.max(m, o.minutesLate ?? 0), 0),
      simulated: orders.filter((o) => lateOnSimulatedClock(o, speed) === true).length,
      simulatedOf: orders.filter((o) => lateOnSimulatedClock(o, speed) !== null).length,
    },
    finalStatuses,
    failures,
    elapsedMs: input.elapsedMs,
    speed,
    timedOut: input.timedOut,
  };
}

/**
 * Whether the run failed: nothing could be placed, or more errors than delivered orders. Refusals the
 * bots expect and handle (a pickup before delivery heard of the packing) are not errors.
 */
export const errorsDominate = (s: Summary): boolean => s.counters.placed === 0 || s.errorCount > s.counters.delivered;

/** `1.2 s`, `3 min 05 s`, `1 h 02 min`; `–` for no value. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3_600) return `${Math.floor(totalSeconds / 60)} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  const minutes = Math.round(totalSeconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** One progress line, e.g. `[  12.0 s] placed 40/200 confirmed 38 packed 20 …`. */
export function formatProgress(elapsedMs: number, requested: number, c: Counters, errors: number, couriers?: { idle: number; offered: number; busy: number }): string {
  const parts = [
    `[${(elapsedMs / 1000).toFixed(1).padStart(6)} s]`,
    `placed ${c.attempted}/${requested}`,
    `confirmed ${c.placed}`,
    `packed ${c.packed}`,
    `assigned ${c.accepted}`,
    `picked up ${c.pickedUp}`,
    `delivered ${c.delivered}`,
    `failed ${c.failed}`,
    `errors ${errors}`,
  ];
  if (couriers) parts.push(`| couriers idle ${couriers.idle} offered ${couriers.offered} busy ${couriers.busy}`);
  return parts.join('  ');
}

const sortedEntries = (record: Record<string, number>) => Object.entries(record).sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb));

function formatErrors(tally: ErrorTally, title = 'errors by code'): string[] {
  const codes = Object.entries(tally)
    .map(([code, byOp]) => ({ code, byOp, total: Object.values(byOp).reduce((s, n) => s + n, 0) }))
    .sort((a, b) => b.total - a.total || a.code.localeCompare(b.code));
  if (!codes.length) return [`  ${title.padEnd(21)} none`];
  return [
    `  ${title}`,
    ...codes.map(({ code, byOp, total }) => `    ${code.padEnd(18)} ${String(total).padStart(5)}  (${sortedEntries(byOp).map(([op, n]) => `${op} ${n}`).join(', ')})`),
  ];
}

/** The end-of-run report. */
export function formatSummary(s: Summary): string {
  const c = s.counters;
  const dist = (d: Distribution) =>
    d.count ? `median ${formatDuration(d.p50)}  p95 ${formatDuration(d.p95)}  max ${formatDuration(d.max)}  (n=${d.count})` : 'no data';
  const outcomes = sortedEntries(c.outcomes).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const statuses = sortedEntries(s.finalStatuses).map(([k, v]) => `${k} ${v}`).join(', ') || 'not read';
  const lines = [
    '',
    `Simulation summary (${formatDuration(s.elapsedMs)} real at ${s.speed}× time compression${s.timedOut ? ', STOPPED BY TIMEOUT' : ''})`,
    `  orders                requested ${s.requested}, placed ${c.attempted}, confirmed ${c.placed}, delivered ${c.delivered}, failed ${c.failed}, unfinished ${Math.max(0, c.placed - c.delivered - c.failed)}`,
    `  placement results     ${outcomes}`,
    `  ended undelivered     ${sortedEntries(s.failures).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    `  Order.status at end   ${statuses}`,
    `  order-to-door, real   ${dist(s.orderToDoorReal)}`,
    `  order-to-door, sim    ${dist(s.orderToDoorSim)}  (bot work at ${s.speed}×, rides at their travel compression, the platform at 1×)`,
    `  assignment latency    packed → assigned: ${s.assignment.count ? `p50 ${formatDuration(s.assignment.p50)}  p95 ${formatDuration(s.assignment.p95)}  max ${formatDuration(s.assignment.max)}  (n=${s.assignment.count}, ${s.assignment.beforePacked} assigned before packing count as 0)` : 'no data'}`,
    `  store                 picking started ${c.picking}, packed ${c.packed}, late ${s.late.count} of ${s.late.of} (pick tasks isLate, real clock; worst ${s.late.maxMinutes} min), late on the simulated clock ${s.late.simulated} of ${s.late.simulatedOf}, missing items reported ${c.missingReports} (${c.missingUnits} units)`,
    `  couriers              offers ${c.offersSeen}, accepted ${c.accepted}, declined ${c.declined}, ignored ${c.ignored}, foreign declined ${c.foreignOffers}, orders adopted ${c.adopted}, picked up ${c.pickedUp}, pickup retries ${c.pickupRetries}`,
    `  location reports      ${c.reports} sent, ${c.kept} kept, ${c.thinned} thinned (TOO_SOON), ${c.outOfOrder} out of order`,
    ...formatErrors(s.errors),
    ...formatErrors(s.retried, 'retried (retryable, not errors)'),
  ];
  return lines.join('\n');
}
