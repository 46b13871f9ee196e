import CircuitBreaker from 'opossum';
import type { Logger } from '@qc/shared';
import { voidRefundId } from '../../domain/refunds';
import type { AuthorizeRequest, AuthorizeResult, PaymentProvider, RefundRequest } from './provider';

/** How the breaker around the provider behaves; every field has a production default in `config.ts`. */
export interface BreakerOptions {
  /** A call that takes longer counts as a failure and is answered at once. */
  timeoutMs: number;
  /** Failure share (of calls in the rolling window) above which the breaker opens. */
  errorThresholdPercentage: number;
  /** How long the breaker stays open before letting one trial call through (half-open). */
  resetTimeoutMs: number;
  /** Calls in the window before the error share is judged at all, so two early failures do not open it. */
  volumeThreshold: number;
  /** Length of the rolling window the error share is computed over. */
  rollingCountTimeoutMs: number;
}

export type BreakerState = 'closed' | 'open' | 'halfOpen';

/** Why a payment could not even be asked for; `reason` is for the customer. */
export interface PaymentUnavailable {
  outcome: 'unavailable';
  cause: 'open' | 'timeout' | 'error';
  reason: string;
}

export type AuthorizationOutcome =
  | { outcome: 'authorized'; paymentId: string }
  | { outcome: 'declined'; reason: string }
  | PaymentUnavailable;

export type RefundOutcome = { outcome: 'refunded' } | PaymentUnavailable;

const REASONS: Record<PaymentUnavailable['cause'], string> = {
  open: 'Payments are briefly unavailable, so we did not charge you. Please try again in a minute.',
  timeout: 'The payment provider did not answer in time, so we did not charge you. Please try again.',
  error: 'The payment provider is unavailable right now, so we did not charge you. Please try again in a minute.',
};

const causeOf = (error: unknown): PaymentUnavailable['cause'] => {
  const code = (error as { code?: string }).code;
  if (code === 'EOPENBREAKER') return 'open';
  if (code === 'ETIMEDOUT') return 'timeout';
  return 'error';
};

/**
 * The payment provider behind an opossum circuit breaker. Declines are answers from a healthy provider
 * and count as successes; thrown errors and timeouts count as failures. While the breaker is open,
 * calls are refused at once without reaching the provider, so a provider outage costs customers a fast
 * "try again" instead of a hung checkout, and the provider gets room to recover.
 */
export class PaymentService {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;

  constructor(
    readonly provider: PaymentProvider,
    options: BreakerOptions,
    private readonly log: Logger,
  ) {
    this.breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
      name: `payments-${provider.name}`,
      timeout: options.timeoutMs,
      errorThresholdPercentage: options.errorThresholdPercentage,
      resetTimeout: options.resetTimeoutMs,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.rollingCountTimeoutMs,
    });
    this.breaker.on('open', () => this.log.warn({ provider: provider.name }, 'payment breaker opened: failing fast'));
    this.breaker.on('halfOpen', () => this.log.info({ provider: provider.name }, 'payment breaker half-open: trying one call'));
    this.breaker.on('close', () => this.log.info({ provider: provider.name }, 'payment breaker closed'));
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'halfOpen';
    return 'closed';
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizationOutcome> {
    // Set only when the breaker lets the call through, so an open breaker never reaches the provider.
    let attempt: Promise<AuthorizeResult> | undefined;
    try {
      return (await this.breaker.fire(() => (attempt = this.provider.authorize(request)))) as AuthorizeResult;
    } catch (error) {
      const cause = causeOf(error);
      if (cause === 'timeout' && attempt) this.voidLateAuthorization(attempt, request);
      else if (cause !== 'open') this.log.warn({ err: error, orderId: request.orderId }, 'payment authorization failed');
      return { outcome: 'unavailable', cause, reason: REASONS[cause] };
    }
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    try {
      await this.breaker.fire(() => this.provider.refund(request));
      return { outcome: 'refunded' };
    } catch (error) {
      const cause = causeOf(error);
      if (cause !== 'open') this.log.warn({ err: error, paymentId: request.paymentId }, 'refund failed');
      return { outcome: 'unavailable', cause, reason: REASONS[cause] };
    }
  }

  /** Stops the breaker's rolling-window timers (process shutdown, end of a test). */
  shutdown(): void {
    this.breaker.shutdown();
  }

  /**
   * We told the customer "not charged" when the call timed out, so an authorization that arrives late
   * is given back at once. If that refund fails too it is logged for reconciliation.
   */
  private voidLateAuthorization(attempt: Promise<AuthorizeResult>, request: AuthorizeRequest): void {
    attempt
      .then(async (late) => {
        if (late.outcome !== 'authorized') return;
        await this.provider.refund({ paymentId: late.paymentId, refundId: voidRefundId(late.paymentId), amountCents: request.amountCents, currency: request.currency });
        this.log.info({ orderId: request.orderId, paymentId: late.paymentId }, 'late authorization after a timeout refunded');
      })
      .catch((error: unknown) =>
        this.log.error({ err: error, orderId: request.orderId }, 'late authorization after a timeout could not be refunded: reconcile by hand'),
      );
  }
}
