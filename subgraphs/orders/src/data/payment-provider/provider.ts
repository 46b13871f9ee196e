/**
 * The seam between orders and whoever moves the money. Orders only ever authorizes (holds) the amount
 * and refunds it; capture belongs to a later step of the business (at delivery).
 */
export interface AuthorizeRequest {
  /** The provider de-duplicates on this: authorizing the same order twice holds the money once. */
  orderId: string;
  customerId: string;
  amountCents: number;
  currency: string;
  /** The payment method token the client got from the provider. */
  method: string;
}

/**
 * A provider's answer. A decline is an answer, not a failure: the provider is healthy and said no.
 * Failures (unreachable, broken, too slow) are thrown.
 */
export type AuthorizeResult = { outcome: 'authorized'; paymentId: string } | { outcome: 'declined'; reason: string };

export interface RefundRequest {
  paymentId: string;
  /**
   * The provider de-duplicates on this: the same refund asked twice (a retry after a refusal, a timeout
   * or a crash) gives the money back once. Several refunds with different ids may share a payment.
   */
  refundId: string;
  /** Part or all of what is left of the payment; a provider refuses more than is left. */
  amountCents: number;
  currency: string;
}

/** An external payment provider. Both calls are idempotent on the provider's side. */
export interface PaymentProvider {
  readonly name: string;
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>;
  /**
   * Gives back `amountCents` of an authorized payment, once per `refundId` (asking again answers the
   * same). Throws when the provider fails, or when the refund would exceed what is left of the payment.
   */
  refund(request: RefundRequest): Promise<void>;
}
