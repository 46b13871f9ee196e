import { createLogger } from '@qc/shared';
import { PaymentService, type BreakerOptions } from './payment-service';
import { SimulatedPaymentProvider, TEST_PAYMENT_METHODS } from './simulated';

const log = createLogger('test-payments', 'silent');
const breaker: BreakerOptions = { timeoutMs: 100, errorThresholdPercentage: 50, resetTimeoutMs: 200, volumeThreshold: 4, rollingCountTimeoutMs: 10_000 };
let orderSeq = 0;
const request = (method = 'card_visa') => ({ orderId: `ord_${++orderSeq}`, customerId: 'cus_1', amountCents: 500, currency: 'EUR', method });

let services: PaymentService[] = [];
const serviceWith = (provider: SimulatedPaymentProvider, options: Partial<BreakerOptions> = {}) => {
  const service = new PaymentService(provider, { ...breaker, ...options }, log);
  services.push(service);
  return service;
};
afterEach(() => {
  services.forEach((s) => s.shutdown());
  services = [];
  jest.useRealTimers();
});

describe('simulated payment provider', () => {
  it('when the same order is authorized twice, then the same payment comes back', async () => {
    const provider = new SimulatedPaymentProvider();
    const r = request();
    const first = await provider.authorize(r);
    expect(first).toEqual({ outcome: 'authorized', paymentId: expect.stringMatching(/^pay_/) });
    expect(await provider.authorize(r)).toEqual(first);
  });

  it('when a test card asks to be declined, then the answer is a decline with a reason, not an error', async () => {
    const provider = new SimulatedPaymentProvider();
    expect(await provider.authorize(request(TEST_PAYMENT_METHODS.declined))).toEqual({ outcome: 'declined', reason: 'Your card was declined by your bank.' });
    expect((await provider.authorize(request(TEST_PAYMENT_METHODS.insufficientFunds))).outcome).toBe('declined');
  });

  it('when latency is configured, then every call takes at least that long', async () => {
    const provider = new SimulatedPaymentProvider({ latencyMs: 60 });
    const started = Date.now();
    await provider.authorize(request());
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('when the same refund id is asked twice, then the money goes back once', async () => {
    const provider = new SimulatedPaymentProvider();
    const auth = await provider.authorize(request());
    const paymentId = (auth as { paymentId: string }).paymentId;
    await provider.refund({ paymentId, refundId: 'rfd_a', amountCents: 200, currency: 'EUR' });
    await provider.refund({ paymentId, refundId: 'rfd_a', amountCents: 200, currency: 'EUR' });
    expect(provider.payments.get(paymentId)).toMatchObject({ refundedCents: 200 });
    expect(provider.isFullyRefunded(paymentId)).toBe(false);
    await expect(provider.refund({ paymentId, refundId: 'rfd_a', amountCents: 300, currency: 'EUR' })).rejects.toThrow(/another payment or amount/);
  });

  it('when partial refunds add up to the payment, then it is refunded, and a refund beyond it is refused', async () => {
    const provider = new SimulatedPaymentProvider();
    const auth = await provider.authorize(request());
    const paymentId = (auth as { paymentId: string }).paymentId;
    await provider.refund({ paymentId, refundId: 'rfd_1', amountCents: 200, currency: 'EUR' });
    await expect(provider.refund({ paymentId, refundId: 'rfd_2', amountCents: 301, currency: 'EUR' })).rejects.toThrow(/exceeds the 300 left/);
    await provider.refund({ paymentId, refundId: 'rfd_3', amountCents: 300, currency: 'EUR' });
    expect(provider.payments.get(paymentId)).toMatchObject({ refundedCents: 500 });
    expect(provider.isFullyRefunded(paymentId)).toBe(true);
  });

  it('when the outage switch is on, then calls throw until it is switched off', async () => {
    const provider = new SimulatedPaymentProvider({ outage: true });
    await expect(provider.authorize(request())).rejects.toThrow(/simulated outage/);
    provider.setOutage(false);
    expect((await provider.authorize(request())).outcome).toBe('authorized');
  });
});

describe('payment service behind the circuit breaker', () => {
  it('when the provider authorizes, then so does the service, with the breaker closed', async () => {
    const service = serviceWith(new SimulatedPaymentProvider());
    expect(await service.authorize(request())).toEqual({ outcome: 'authorized', paymentId: expect.any(String) });
    expect(service.state).toBe('closed');
  });

  it('when many cards are declined, then the breaker stays closed: a decline is a healthy answer', async () => {
    const service = serviceWith(new SimulatedPaymentProvider());
    for (let i = 0; i < 10; i++) expect((await service.authorize(request(TEST_PAYMENT_METHODS.declined))).outcome).toBe('declined');
    expect(service.state).toBe('closed');
  });

  it('when the provider keeps failing, then the breaker opens and later calls fail fast without reaching it', async () => {
    const provider = new SimulatedPaymentProvider({ outage: true });
    const service = serviceWith(provider);
    for (let i = 0; i < 4; i++) expect(await service.authorize(request())).toMatchObject({ outcome: 'unavailable', cause: 'error' });
    expect(service.state).toBe('open');
    const calls = provider.calls;
    const started = Date.now();
    const refused = await service.authorize(request());
    expect(refused).toEqual({ outcome: 'unavailable', cause: 'open', reason: 'Payments are briefly unavailable, so we did not charge you. Please try again in a minute.' });
    expect(Date.now() - started).toBeLessThan(20);
    expect(provider.calls).toBe(calls);
  });

  it('when the reset timeout passes and the provider is back, then one trial call goes through (half-open) and closes the breaker', async () => {
    jest.useFakeTimers();
    const provider = new SimulatedPaymentProvider({ outage: true });
    const service = serviceWith(provider);
    for (let i = 0; i < 4; i++) await service.authorize(request());
    expect(service.state).toBe('open');
    provider.setOutage(false);
    await jest.advanceTimersByTimeAsync(breaker.resetTimeoutMs - 1);
    expect(service.state).toBe('open');
    await jest.advanceTimersByTimeAsync(1);
    expect(service.state).toBe('halfOpen');
    expect((await service.authorize(request())).outcome).toBe('authorized');
    expect(service.state).toBe('closed');
  });

  it('when the half-open trial fails, then the breaker opens again', async () => {
    jest.useFakeTimers();
    const provider = new SimulatedPaymentProvider({ outage: true });
    const service = serviceWith(provider);
    for (let i = 0; i < 4; i++) await service.authorize(request());
    await jest.advanceTimersByTimeAsync(breaker.resetTimeoutMs);
    expect(service.state).toBe('halfOpen');
    expect((await service.authorize(request())).outcome).toBe('unavailable');
    expect(service.state).toBe('open');
  });

  it('when the provider hangs, then the call is cut off at the timeout and the late authorization is refunded', async () => {
    jest.useFakeTimers();
    const provider = new SimulatedPaymentProvider({ hangMs: 150 });
    const service = serviceWith(provider, { timeoutMs: 50 });
    const pending = service.authorize(request(TEST_PAYMENT_METHODS.timeout));
    await jest.advanceTimersByTimeAsync(50);
    expect(await pending).toMatchObject({ outcome: 'unavailable', cause: 'timeout', reason: expect.stringMatching(/did not answer in time/) });
    // The provider answers at 150 ms after all; that authorization is refunded.
    await jest.advanceTimersByTimeAsync(100);
    const paymentIds = [...provider.payments.keys()];
    expect(paymentIds).toHaveLength(1);
    expect(provider.isFullyRefunded(paymentIds[0]!)).toBe(true);
  });

  it('when a refund goes through the breaker, then an outage is reported as unavailable and a healthy provider refunds', async () => {
    const provider = new SimulatedPaymentProvider();
    const service = serviceWith(provider);
    const auth = await service.authorize(request());
    const paymentId = (auth as { paymentId: string }).paymentId;
    provider.setOutage(true);
    expect((await service.refund({ paymentId, refundId: 'rfd_1', amountCents: 500, currency: 'EUR' })).outcome).toBe('unavailable');
    provider.setOutage(false);
    expect(await service.refund({ paymentId, refundId: 'rfd_1', amountCents: 500, currency: 'EUR' })).toEqual({ outcome: 'refunded' });
    expect(provider.isFullyRefunded(paymentId)).toBe(true);
  });
});
