import { courierIdOf, forbidden, unauthenticated, type Identity } from '@qc/shared';

/** What an access rule decided; `enforce` turns a refusal into the GraphQL error the client sees. */
export type AccessDecision = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/** A courier's latest position is for the courier themselves and admins. */
export function courierPositionAccess(identity: Identity | null, courierId: string): AccessDecision {
  if (!identity) return 'UNAUTHENTICATED';
  if (identity.role === 'admin') return 'ALLOWED';
  return courierIdOf(identity) === courierId ? 'ALLOWED' : 'FORBIDDEN';
}

/** Throws UNAUTHENTICATED or FORBIDDEN unless the decision allows. */
export function enforce(decision: AccessDecision): void {
  if (decision === 'UNAUTHENTICATED') throw unauthenticated();
  if (decision === 'FORBIDDEN') throw forbidden();
}

/** The courier a location report is for, or why it is refused: only a courier reports, and only for themselves. */
export function reportLocationAccess(identity: Identity | null): { decision: AccessDecision; courierId: string | null } {
  if (!identity) return { decision: 'UNAUTHENTICATED', courierId: null };
  const courierId = courierIdOf(identity);
  return courierId ? { decision: 'ALLOWED', courierId } : { decision: 'FORBIDDEN', courierId: null };
}
