import { DeliveryQueue, LiveSubscription, type LiveSubscriptionHooks } from './delivery';

const hooks = (): LiveSubscriptionHooks & { released: jest.Mock; overflowed: jest.Mock } => ({ released: jest.fn(), overflowed: jest.fn() });

describe('the delivery queue', () => {
  it('when positions pile up for a slow client, then only the newest waits and the skipped ones are counted', () => {
    const queue = new DeliveryQueue<number>('latest', 10);
    expect([1, 2, 3, 4].map((n) => queue.push(n))).toEqual(['queued', 'coalesced', 'coalesced', 'coalesced']);
    expect(queue.size).toBe(1);
    expect(queue.coalesced).toBe(3);
    expect(queue.shift()).toBe(4);
    expect(queue.push(5)).toBe('queued');
  });

  it('when status changes pile up, then every one is kept in order until the limit, which is reported', () => {
    const queue = new DeliveryQueue<string>('ordered', 3);
    expect(['a', 'b', 'c', 'd'].map((s) => queue.push(s))).toEqual(['queued', 'queued', 'queued', 'overflow']);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual(['a', 'b', 'c', undefined]);
    expect(queue.coalesced).toBe(0);
  });

  it('when the current state arrives after some changes, then it goes in front of them', () => {
    const queue = new DeliveryQueue<string>('ordered', 10);
    queue.push('change');
    queue.prepend(['current']);
    expect([queue.shift(), queue.shift()]).toEqual(['current', 'change']);
  });
});

describe('a live subscription', () => {
  it('when changes arrive before the current state, then the current state is still sent first', async () => {
    const live = new LiveSubscription('order', 'ordered', 10, hooks());
    live.push({ value: { status: 'PICKING' } });
    const first = live.next();
    live.start([{ value: { status: 'CONFIRMED' } }]);
    expect(await first).toEqual({ value: { data: { order: { status: 'CONFIRMED' } } }, done: false });
    expect(await live.next()).toEqual({ value: { data: { order: { status: 'PICKING' } } }, done: false });
  });

  it('when the socket is busy, then positions are coalesced; once it asks again it gets the newest', async () => {
    const live = new LiveSubscription('pos', 'latest', 10, hooks());
    live.start();
    for (let n = 1; n <= 5; n += 1) live.push({ value: { n } });
    expect(live.coalesced).toBe(4);
    expect(await live.next()).toEqual({ value: { data: { pos: { n: 5 } } }, done: false });
    const waiting = live.next();
    live.push({ value: { n: 6 } });
    expect(await waiting).toEqual({ value: { data: { pos: { n: 6 } } }, done: false });
    expect(live.delivered).toBe(2);
  });

  it('when ordered results exceed the limit, then the overflow is reported and nothing is dropped silently', () => {
    const h = hooks();
    const live = new LiveSubscription('order', 'ordered', 2, h);
    live.start();
    live.push({ value: 1 });
    live.push({ value: 2 });
    expect(h.overflowed).not.toHaveBeenCalled();
    live.push({ value: 3 });
    expect(h.overflowed).toHaveBeenCalledWith(live);
  });

  it('when it ends while the socket waits, then the waiter gets done and it is released exactly once', async () => {
    const h = hooks();
    const live = new LiveSubscription('order', 'ordered', 2, h);
    live.start();
    const waiting = live.next();
    live.end();
    await live.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(h.released).toHaveBeenCalledTimes(1);
    expect(live.push({ value: 1 })).toBe('ended');
  });

  it('when a result carries errors, then their paths start at the subscriber’s own field name', () => {
    const live = new LiveSubscription('mine', 'ordered', 2, hooks());
    live.start();
    live.push({ value: { courier: null }, errors: [{ message: 'no', path: ['courier', 'phone'], extensions: { code: 'FORBIDDEN' } }] });
    return live.next().then(({ value }) => {
      expect(value!.data).toEqual({ mine: { courier: null } });
      expect(value!.errors![0]!.toJSON()).toEqual({ message: 'no', path: ['mine', 'courier', 'phone'], extensions: { code: 'FORBIDDEN' } });
    });
  });
});
