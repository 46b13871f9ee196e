import { randomUUID } from 'node:crypto';
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
 * the same payment back, as with a real provider's idempotency key.
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  readonly name = 'simulated';
  private outage: boolean;
  private readonly latencyMs: number;
  private readonly hangMs: number;
  private readonly byOrder = new Map<string, string>();
  /** Payment id → refunded? Visible to tests. */
  readonly payments = new Map<string, { orderId: string; amountCents: number; refunded: boolean }>();
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
      paymentId = `pay_${randomUUID().replace(/-/g, '')}`;
      this.byOrder.set(request.orderId, paymentId);
      this.payments.set(paymentId, { orderId: request.orderId, amountCents: request.amountCents, refunded: false });
    }
    return { outcome: 'authorized', paymentId };
  }

  async refund(request: RefundRequest): Promise<void> {
    this.calls += 1;
    await sleep(this.latencyMs);
    if (this.outage) throw new Error('payment provider unavailable (simulated outage)');
    const payment = this.payments.get(request.paymentId);
    // A payment this instance never saw (it restarted): a real provider would know it; refund is a no-op.
    if (payment) payment.refunded = true;
  }
}
