import { GraphQLRequestError, withRetries } from './client';
import { Ledger } from './ledger';

const unavailable = () => new GraphQLRequestError('storeQueue', 'UNAVAILABLE', 'A service this request needs is temporarily unavailable. Retry shortly.');

describe('retryable answers', () => {
  it('when the gateway answers UNAVAILABLE and the call succeeds on retry, then it is tallied as retried, not as an error', async () => {
    const ledger = new Ledger();
    let calls = 0;
    const value = await withRetries(
      async () => {
        calls += 1;
        if (calls === 1) throw unavailable();
        return 'ok';
      },
      (error, willRetry) => ledger.error('storeQueue', error, willRetry),
      3,
      1,
    );
    expect(value).toBe('ok');
    expect(ledger.retried).toEqual({ UNAVAILABLE: { storeQueue: 1 } });
    expect(ledger.errors).toEqual({});
  });

  it('when every retry is UNAVAILABLE, then the last one counts as an error', async () => {
    const ledger = new Ledger();
    await expect(withRetries(async () => Promise.reject(unavailable()), (error, willRetry) => ledger.error('storeQueue', error, willRetry), 2, 1)).rejects.toThrow(/UNAVAILABLE/);
    expect(ledger.retried).toEqual({ UNAVAILABLE: { storeQueue: 1 } });
    expect(ledger.errors).toEqual({ UNAVAILABLE: { storeQueue: 1 } });
  });

  it('when a one-off call is answered UNAVAILABLE or RATE_LIMITED, then it is retried later and not an error; a FORBIDDEN is', () => {
    const ledger = new Ledger();
    ledger.error('reportLocation', unavailable());
    ledger.error('reportLocation', new GraphQLRequestError('reportLocation', 'RATE_LIMITED', 'Too many requests'));
    ledger.error('reportLocation', new GraphQLRequestError('reportLocation', 'FORBIDDEN', 'not yours'));
    expect(ledger.retried).toEqual({ UNAVAILABLE: { reportLocation: 1 }, RATE_LIMITED: { reportLocation: 1 } });
    expect(ledger.errors).toEqual({ FORBIDDEN: { reportLocation: 1 } });
  });
});
