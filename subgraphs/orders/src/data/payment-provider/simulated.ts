import { newId } from '@qc/shared';
import type { AuthorizeRequest, AuthorizeResult, PaymentProvider, RefundRequest } from './provider';

/** Payment method tokens with a scripted answer; any other token is authorized. */
export const TEST_PAYMENT_METHODS = {
  declined: 'card_declined',
  insufficientFunds: 'card_insufficient_funds',
  /** Never answers in time: the breaker's timeout has to cut it off. */
  timeout: 'card_timeout',
} as const;

export interface SimulatedProviderOptions {
  /** How long every call takes, like a network round trip to a real provider. */
  latencyMs?: number;
  /** Start in an outage: every call fails after the latency. */
  outage?: boolean;
  /** How long `card_timeout` hangs before it finally answers (authorized). */
  hangMs?: number;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    if (ms <= 0) return resolve();
    // unref: a hanging test payment must not keep a process (or jest) alive.
    setTimeout(resolve, ms).unref();
  });

/**
 * A stand-in for a card processor with the behaviours orders must survive: latency, declines, calls
 * that hang, and outages. Authorizations are remembered per order, so a retry of the same order gets
 * the same payment back, as with a real provider's idempotency key; refunds are remembered per refund
 * id (asking again refunds once) and never exceed what is left of their payment.
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  readonly name = 'simulated';
  private outage: boolean;
  private readonly latencyMs: number;
  private readonly hangMs: number;
  private readonly byOrder = new Map<string, string>();
  /** Payment id → how much of it was refunded. Visible to tests. */
  readonly payments = new Map<string, { orderId: string; amountCents: number; refundedCents: number }>();
  /** Refund id → the refund made under it, so asking again refunds once. Visible to tests. */
  readonly refunds = new Map<string, { paymentId: string; amountCents: number }>();
  /** How many calls reached the provider (the breaker keeps calls away while open). */
  calls = 0;

  constructor(opts: SimulatedProviderOptions = {}) {
    this.latencyMs = opts.latencyMs ?? 0;
    this.outage = opts.outage ?? false;
    this.hangMs = opts.hangMs ?? 60_000;
  }

  /** Switches the simulated outage on or off (tests, and `PAYMENT_OUTAGE` at start). */
  setOutage(on: boolean): void {
    this.outage = on;
  }

  get inOutage(): boolean {
    return this.outage;
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
    this.calls += 1;
    await sleep(this.latencyMs);
    if (this.outage) throw new Error('payment provider unavailable (simulated outage)');
    if (request.method === TEST_PAYMENT_METHODS.timeout) await sleep(this.hangMs);
    if (request.method === TEST_PAYMENT_METHODS.declined) return { outcome: 'declined', reason: 'Your card was declined by your bank.' };
    if (request.method === TEST_PAYMENT_METHODS.insufficientFunds) {
      return { outcome: 'declined', reason: 'Your card has insufficient funds for this order.' };
    }
    let paymentId = this.byOrder.get(request.orderId);
    if (!paymentId) {
      paymentId = newId('pay');
      this.byOrder.set(request.orderId, paymentId);
      this.payments.set(paymentId, { orderId: request.orderId, amountCents: request.amountCents, refundedCents: 0 });
    }
    return { outcome: 'authorized', paymentId };
  }

  async refund(request: RefundRequest): Promise<void> {
    this.calls += 1;
    await sleep(this.latencyMs);
    if (this.outage) throw new Error('payment provider unavailable (simulated outage)');
    const done = this.refunds.get(request.refundId);
    if (done) {
      // The same refund again: answered as before, no money moves. Another refund under its id is a bug.
      if (done.paymentId !== request.paymentId || done.amountCents !== request.amountCents) throw new Error(`refund ${request.refundId} was made for another payment or amount`);
      return;
    }
    const payment = this.payments.get(request.paymentId);
    if (payment) {
      if (payment.refundedCents + request.amountCents > payment.amountCents) {
        throw new Error(`refund of ${request.amountCents} exceeds the ${payment.amountCents - payment.refundedCents} left of ${request.paymentId}`);
      }
      payment.refundedCents += request.amountCents;
    }
    // A payment this instance never saw (it restarted): a real provider would know it; the refund is only remembered.
    this.refunds.set(request.refundId, { paymentId: request.paymentId, amountCents: request.amountCents });
  }

  /** Whether all of the payment went back (tests ask; the amounts live in `payments`). */
  isFullyRefunded(paymentId: string): boolean {
    const payment = this.payments.get(paymentId);
    return payment !== undefined && payment.refundedCents === payment.amountCents;
  }
}
