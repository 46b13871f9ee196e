import type { OfferStatus } from '../data/types';

export interface OfferRefusal {
  code: 'FORBIDDEN' | 'INVALID_STATE';
  message: string;
}

/**
 * Why a courier may not answer an offer, or null if they may: it must be theirs (else FORBIDDEN,
 * decided before anything about its state is told), PENDING and before its deadline (else INVALID_STATE).
 */
export function offerAnswerRefusal(
  offer: { courierId: string; status: OfferStatus; expiresAt: Date },
  courierId: string,
  now: Date,
): OfferRefusal | null {
  if (offer.courierId !== courierId) return { code: 'FORBIDDEN', message: 'This offer was made to another courier' };
  if (offer.status === 'EXPIRED' || (offer.status === 'PENDING' && offer.expiresAt.getTime() <= now.getTime())) {
    return { code: 'INVALID_STATE', message: 'This offer has expired' };
  }
  if (offer.status !== 'PENDING') return { code: 'INVALID_STATE', message: `This offer is already ${offer.status}` };
  return null;
}
