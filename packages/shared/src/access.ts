import { forbidden, unauthenticated } from './errors';
import { SERVICE_ROLE, type Identity, type Role } from './identity';

/** The outcome of an access rule; `enforce` turns a refusal into the GraphQL error the client sees. */
export type AccessDecision = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/**
 * Throws UNAUTHENTICATED or FORBIDDEN (with `message`, or a generic one) for a refusal; returns for
 * `ALLOWED`. The one way a rule's decision becomes an error, in every subgraph.
 */
export function enforce(decision: AccessDecision, message?: string): void {
  if (decision === 'UNAUTHENTICATED') throw unauthenticated();
  if (decision === 'FORBIDDEN') throw forbidden(message);
}

/**
 * The usual shape of a rule: anonymous callers are asked to sign in, signed-in callers get what
 * `allowed` says. "Who are you" is always answered before "may you".
 */
export const decide = (identity: Identity | null, allowed: (identity: Identity) => boolean): AccessDecision =>
  !identity ? 'UNAUTHENTICATED' : allowed(identity) ? 'ALLOWED' : 'FORBIDDEN';

/** Admins, and the `service` identity subgraphs use among themselves (only a holder of the secret can sign it). */
export const isTrusted = (identity: Identity | null): boolean => identity?.role === 'admin' || identity?.role === SERVICE_ROLE;

/** Whether the caller holds one of `roles`. */
export const hasRole = (identity: Identity | null, ...roles: (Role | typeof SERVICE_ROLE)[]): boolean =>
  identity !== null && roles.includes(identity.role);

/** The store a staff token speaks for; null for every other role. */
export const staffStoreOf = (identity: Identity | null): string | null =>
  identity?.role === 'store_staff' && identity.storeId ? identity.storeId : null;
