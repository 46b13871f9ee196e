import type { OfferStatus } from '../data/types';

export interface OfferRefusal {
  code: 'NOT_FOUND' | 'INVALID_STATE';
  message: string;
}

/**
 * Why a courier may not answer an offer, or null if they may: it must be theirs (else NOT_FOUND, the
 * very answer an unknown offer id gets, decided before anything about its state is told), PENDING and
 * before its deadline (else INVALID_STATE).
 */
export function offerAnswerRefusal(
  offer: { id: string; courierId: string; status: OfferStatus; expiresAt: Date },
  courierId: string,
  now: Date,
): OfferRefusal | null {
  if (offer.courierId !== courierId) return { code: 'NOT_FOUND', message: offerNotFoundMessage(offer.id) };
  if (offer.status === 'EXPIRED' || (offer.status === 'PENDING' && offer.expiresAt.getTime() <= now.getTime())) {
    return { code: 'INVALID_STATE', message: 'This offer has expired' };
  }
  if (offer.status !== 'PENDING') return { code: 'INVALID_STATE', message: `This offer is already ${offer.status}` };
  return null;
}

/** What a courier is told about an offer id that does not exist, or is not theirs: the same words. */
export const offerNotFoundMessage = (offerId: string): string => `Offer ${offerId} does not exist`;
