import type { Logger } from '@qc/shared';

/** The most orders one call confirms (availability's `confirmReservations` takes up to 500). */
export const MAX_CONFIRM_BATCH = 500;

/**
 * The fast path of a reservation's confirmation, batched: the orders placed within `windowMs` are
 * confirmed at availability in one call instead of one call each (at 10 orders/s, one signed HTTP
 * request, one replay check and one statement for ten orders). Durably, `orders.confirmed` confirms
 * every reservation; this path is what keeps the stock of confirmed orders held when that event cannot
 * reach availability before the reservation expires (a NATS outage longer than the reservation's
 * minutes), so the window is kept far below the shortest reservation (`ORDERS_CONFIRM_BATCH_MS`).
 * Not awaited by the customer; a failed call is logged, as the single call's was, and the event
 * confirms those orders. `stop` sends what is waiting.
 */
export class ReservationConfirmations {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly confirm: (orderIds: string[]) => Promise<unknown>,
    private readonly log: Logger,
    private readonly windowMs: number,
  ) {}

  /** Confirms the order's reservation with the others of the window (at once when the batch is full). */
  add(orderId: string): void {
    this.pending.push(orderId);
    if (this.pending.length >= MAX_CONFIRM_BATCH || this.windowMs === 0) {
      void this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.windowMs);
      // Nothing else may keep the process up for it: `stop` sends the last batch.
      this.timer.unref();
    }
  }

  /** Sends what is waiting now; resolves when that call has answered (or failed, logged). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const orderIds = this.pending;
    if (orderIds.length === 0) return Promise.resolve();
    this.pending = [];
    const call = this.confirm(orderIds).then(
      () => undefined,
      (error: unknown) => this.log.warn({ err: error, orderIds }, 'confirmReservations failed; the orders.confirmed events will confirm them'),
    );
    this.inFlight.add(call);
    void call.finally(() => this.inFlight.delete(call));
    return call;
  }

  /** Sends the waiting confirmations and waits for every call still under way. */
  async stop(): Promise<void> {
    await this.flush();
    await Promise.all([...this.inFlight]);
  }
}
