import { currentDelivery, type DatedDelivery } from './current-delivery';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 10, minute));
const delivery = (id: string, status: string, minute: number): DatedDelivery => ({ id, status, createdAt: at(minute) });

describe('currentDelivery', () => {
  it('when the order has no delivery, then there is none', () => {
    expect(currentDelivery([])).toBeNull();
  });

  it('when earlier attempts failed and one is live, then the live one counts even if a failure is newer', () => {
    const live = delivery('dlv_2', 'ASSIGNED', 5);
    expect(currentDelivery([delivery('dlv_1', 'FAILED', 1), live, delivery('dlv_3', 'FAILED', 9)])).toBe(live);
  });

  it('when the live delivery is done, then it still counts (DELIVERED is not a failure)', () => {
    const done = delivery('dlv_2', 'DELIVERED', 1);
    expect(currentDelivery([delivery('dlv_1', 'FAILED', 4), done])).toBe(done);
  });

  it('when every attempt failed, then the latest failure counts', () => {
    const latest = delivery('dlv_1', 'FAILED', 7);
    expect(currentDelivery([delivery('dlv_2', 'FAILED', 3), latest, delivery('dlv_3', 'FAILED', 5)])).toBe(latest);
  });

  it('when failures were created at the same moment, then the greatest id wins so the answer is stable', () => {
    const a = delivery('dlv_a', 'FAILED', 2);
    const b = delivery('dlv_b', 'FAILED', 2);
    expect(currentDelivery([a, b])).toBe(b);
    expect(currentDelivery([b, a])).toBe(b);
  });
});
