import { offerAnswerRefusal } from './offers';

const now = new Date('2026-11-25T12:00:00Z');
const later = new Date(now.getTime() + 10_000);
const earlier = new Date(now.getTime() - 1);

describe('offerAnswerRefusal', () => {
  it('when the courier answers their own pending offer before the deadline, then nothing stands in the way', () => {
    expect(offerAnswerRefusal({ id: 'ofr_1', courierId: 'cou_1', status: 'PENDING', expiresAt: later }, 'cou_1', now)).toBeNull();
  });

  it('when another courier answers, then it is NOT_FOUND whatever state the offer is in, worded as for an unknown id', () => {
    for (const status of ['PENDING', 'ACCEPTED', 'EXPIRED'] as const) {
      expect(offerAnswerRefusal({ id: 'ofr_1', courierId: 'cou_1', status, expiresAt: later }, 'cou_2', now)).toEqual({
        code: 'NOT_FOUND',
        message: 'Offer ofr_1 does not exist',
      });
    }
  });

  it('when the deadline has passed, then it is INVALID_STATE "expired" even before the sweeper marked it', () => {
    expect(offerAnswerRefusal({ id: 'ofr_1', courierId: 'cou_1', status: 'PENDING', expiresAt: earlier }, 'cou_1', now)).toEqual({
      code: 'INVALID_STATE',
      message: 'This offer has expired',
    });
    expect(offerAnswerRefusal({ id: 'ofr_1', courierId: 'cou_1', status: 'PENDING', expiresAt: now }, 'cou_1', now)?.message).toBe('This offer has expired');
    expect(offerAnswerRefusal({ id: 'ofr_1', courierId: 'cou_1', status: 'EXPIRED', expiresAt: earlier }, 'cou_1', now)?.message).toBe('This offer has expired');
  });

  it('when the offer was already answered or withdrawn, then it is INVALID_STATE naming its status', () => {
    expect(offerAnswerRefusal({ id: 'ofr_1', courierId: 'cou_1', status: 'ACCEPTED', expiresAt: later }, 'cou_1', now)).toEqual({
      code: 'INVALID_STATE',
      message: 'This offer is already ACCEPTED',
    });
    expect(offerAnswerRefusal({ id: 'ofr_1', courierId: 'cou_1', status: 'WITHDRAWN', expiresAt: later }, 'cou_1', now)?.message).toBe('This offer is already WITHDRAWN');
  });
});
