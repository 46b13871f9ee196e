import { decide, isTrusted, staffStoreOf, type AccessDecision, type Identity } from '@qc/shared';

/**
 * Who may see a store's pick/pack work (its queue, one of its tasks): the store's own staff, admins
 * and the `service` identity. Staff of another store, customers, couriers and partners are forbidden.
 */
export const storeWorkAccess = (identity: Identity | null, storeId: string): AccessDecision =>
  decide(identity, (id) => isTrusted(id) || staffStoreOf(id) === storeId);

/**
 * Who may see one pick task, whatever path reached it: its store's staff, admins, the `service`
 * identity, and the customer whose order it is (to follow the picking).
 */
export const pickTaskAccess = (identity: Identity | null, task: { storeId: string; customerId?: string | null }): AccessDecision =>
  decide(identity, (id) => isTrusted(id) || staffStoreOf(id) === task.storeId || (id.role === 'customer' && !!task.customerId && id.sub === task.customerId));

/**
 * Who may try to change pick tasks at all: admins and staff attached to a store. The task's own
 * store is checked once the task is found; this refuses everyone else before any row is locked.
 */
export const pickingAccess = (identity: Identity | null): AccessDecision => decide(identity, (id) => id.role === 'admin' || staffStoreOf(id) !== null);

/** Whether the caller may change this store's tasks: its own staff and admins (not the `service` identity). */
export const mayWorkAt = (identity: Identity | null, storeId: string): boolean => identity?.role === 'admin' || staffStoreOf(identity) === storeId;

/** Who may follow every store's load at once (the operations map): admins and the `service` identity. */
export const cityLoadAccess = (identity: Identity | null): AccessDecision => decide(identity, isTrusted);
