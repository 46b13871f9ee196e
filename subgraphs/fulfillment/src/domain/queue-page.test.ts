import { isQueuePageKey, queuePageKey } from './queue-page';

describe('queue page keys', () => {
  it('when a task becomes a key, then the key is its promise (ISO) and id, and is recognised as a key', () => {
    const key = queuePageKey({ promisedReadyAt: new Date('2026-11-25T10:14:00.000Z'), id: 'pck_1' });
    expect(key).toEqual({ promisedReadyAt: '2026-11-25T10:14:00.000Z', id: 'pck_1' });
    expect(isQueuePageKey(key)).toBe(true);
  });

  it.each([null, 'pck_1', { id: 'pck_1' }, { id: 1, promisedReadyAt: '2026-11-25T10:14:00Z' }, { id: 'pck_1', promisedReadyAt: 'yesterday' }])(
    'when a decoded cursor is %p, then it is not a key',
    (value) => {
      expect(isQueuePageKey(value)).toBe(false);
    },
  );
});
