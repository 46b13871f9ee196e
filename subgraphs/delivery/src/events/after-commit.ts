import type { Knex } from '@qc/shared';

/**
 * Runs `then` once the consumer's transaction has committed (never on rollback): waking the dispatcher
 * before the commit would let it look before the change is visible, and miss it until its next run.
 */
export function afterCommit(trx: Knex.Transaction, then: () => void): void {
  trx.executionPromise.then(then, () => undefined);
}
