import { enforce, ErrorCode, newId, notFound, refusable, Refused, type Identity, type Knex, type Logger, type Outcome, type OutboxRelay } from '@qc/shared';
import { createRepositories, type PickTaskRecord, type Repositories } from '../data';
import { mayWorkAt, pickingAccess } from '../domain/access';
import { bagContents, missingItemProblem, nothingToPack, pickLines } from '../domain/items';
import { promisedReadyAt } from '../domain/prep-time';
import { transition, type PickTaskAction } from '../domain/transitions';
import type { OrderConfirmed, OrderStatusChanged } from '../events/payloads';
import { enqueueItemMissing, enqueuePacked, enqueuePickingStarted, enqueueStoreLoad, taskQueuedEvents } from '../events/publish';

/** What the picking use cases talk to; built once per process by `createPicking`. */
export interface PickingDeps {
  db: Knex;
  log: Logger;
  /** Publishes what the use cases write to the outbox; kicked after each commit. */
  relay: OutboxRelay;
}


const NOT_YOUR_STORE = "Only the store's staff and admins can work on its pick tasks";

/**
 * Why staff's step was refused, with nothing changed: the task's status does not allow it, the
 * missing-item report does not fit the order, or every unit is missing so there is nothing to pack.
 */
export type PickTaskRefusalKind = 'STATUS' | 'MISSING_ITEM' | 'NOTHING_TO_PACK';

/** What a staff step did: the task as it left it, or why it was refused. */
export type PickTaskOutcome = Outcome<PickTaskRecord, PickTaskRefusalKind>;

/** What became of an order's cancellation, for logs and tests. */
export type CancellationOutcome = 'cancelled' | 'ignored' | 'remembered';

/**
 * The pick/pack use cases: queueing a confirmed order, cancelling its task, and the staff's
 * transitions. Each runs in one transaction that locks the task's row (SELECT … FOR UPDATE), checks
 * the transition table, changes the task and writes its events to the outbox, so concurrent calls
 * apply one after the other and an event exists exactly when its change was committed.
 */
export class Picking {
  constructor(private readonly deps: PickingDeps) {}

  /**
   * Queues a confirmed order at its store (inside the consumer's transaction): one task per order, so
   * a second confirmation of the same order (redelivered or re-sent under another event id) changes
   * nothing and publishes nothing. Returns the new task, or null when there was nothing to do.
   */
  async queueOrder(trx: Knex.Transaction, order: OrderConfirmed): Promise<PickTaskRecord | null> {
    const repos = createRepositories(trx);
    // Counting under the store's lock makes the promise and the published load agree with commit order.
    await repos.pickTasks.lockStore(order.storeId);
    const { openTasks: openTasksAhead, cancelled } = await repos.pickTasks.openTasksAndCancellation(order.storeId, order.orderId);
    if (cancelled) {
      this.deps.log.info({ orderId: order.orderId }, 'confirmation of an order already cancelled; not queued');
      return null;
    }
    const lines = pickLines(order.items);
    const now = new Date();
    const task: PickTaskRecord = {
      id: newId('pck'),
      orderId: order.orderId,
      customerId: order.customerId,
      storeId: order.storeId,
      status: 'QUEUED',
      promisedReadyAt: promisedReadyAt(new Date(order.confirmedAt), {
        lines: lines.length,
        units: lines.reduce((sum, l) => sum + l.quantity, 0),
        openTasksAhead,
      }),
      startedAt: null,
      packedAt: null,
      createdAt: now,
    };
    const events = taskQueuedEvents(
      {
        orderId: task.orderId,
        taskId: task.id,
        storeId: task.storeId,
        items: lines,
        promisedReadyAt: task.promisedReadyAt.toISOString(),
        createdAt: now.toISOString(),
      },
      { storeId: task.storeId, openTasks: openTasksAhead + 1, at: now.toISOString() },
    );
    if (!(await repos.pickTasks.createWithLines(task, lines, events))) return null;
    this.kickAfterCommit(trx);
    return task;
  }

  /**
   * Applies an order's status change (inside the consumer's transaction). Only CANCELLED matters: an
   * open task is cancelled and the store's load published; a packed (or already cancelled) task is
   * left alone; an order without a task yet is remembered so its late confirmation is not queued.
   */
  async applyOrderStatus(trx: Knex.Transaction, change: OrderStatusChanged): Promise<CancellationOutcome> {
    if (change.to !== 'CANCELLED') return 'ignored';
    const repos = createRepositories(trx);
    const task = await repos.pickTasks.lockByOrderId(change.orderId);
    if (!task) {
      await repos.orderCancellations.record(change.orderId, new Date(change.at));
      return 'remembered';
    }
    const outcome = transition('cancel', task.status);
    if (!outcome.ok) {
      this.deps.log.info({ orderId: change.orderId, status: task.status }, 'order cancelled after its task was finished; task left as it is');
      return 'ignored';
    }
    const now = new Date();
    await repos.pickTasks.applyChange(task.id, { status: outcome.to, at: now });
    await this.enqueueLoad(trx, repos, task.storeId, now);
    this.kickAfterCommit(trx);
    return 'cancelled';
  }

  /** QUEUED → PICKING; publishes `fulfillment.picking_started`. */
  startPicking(identity: Identity | null, orderId: string): Promise<PickTaskOutcome> {
    return this.change(identity, orderId, 'startPicking', async (trx, repos, task, to, now) => {
      const updated = await repos.pickTasks.applyChange(task.id, { status: to, at: now, startedAt: now });
      await enqueuePickingStarted(trx, {
        orderId: task.orderId,
        taskId: task.id,
        storeId: task.storeId,
        actor: identity!.sub,
        startedAt: now.toISOString(),
      });
      return updated;
    });
  }

  /**
   * Records missing units of a product while PICKING; publishes `fulfillment.item_missing` for orders
   * to refund. Refused (MISSING_ITEM, nothing changed) for a product not in the order or too many units.
   */
  markItemMissing(identity: Identity | null, orderId: string, productId: string, quantity: number): Promise<PickTaskOutcome> {
    return this.change(identity, orderId, 'markItemMissing', async (trx, repos, task, to, now) => {
      const items = await repos.pickTaskItems.findByTaskIds([task.id]);
      const problem = missingItemProblem(items, productId, quantity);
      if (problem) {
        throw new Refused({ kind: 'MISSING_ITEM', code: ErrorCode.BAD_USER_INPUT, message: `Cannot report ${productId} missing: ${problem.message}.`, extensions: { field: problem.field } });
      }
      await repos.pickTaskItems.addMissing(task.id, productId, quantity);
      const updated = await repos.pickTasks.applyChange(task.id, { status: to, at: now });
      await enqueueItemMissing(trx, {
        orderId: task.orderId,
        taskId: task.id,
        storeId: task.storeId,
        productId,
        quantity,
        actor: identity!.sub,
        at: now.toISOString(),
      });
      return updated;
    });
  }

  /**
   * PICKING → PACKED; publishes `fulfillment.packed` with what is in the bag (ordered minus missing)
   * and the store's new load. Refused (NOTHING_TO_PACK) when every unit is missing: the order should be cancelled.
   */
  markPacked(identity: Identity | null, orderId: string): Promise<PickTaskOutcome> {
    return this.change(identity, orderId, 'markPacked', async (trx, repos, task, to, now) => {
      const items = await repos.pickTaskItems.findByTaskIds([task.id]);
      if (nothingToPack(items)) {
        throw new Refused({
          kind: 'NOTHING_TO_PACK',
          code: ErrorCode.INVALID_STATE,
          message: 'Cannot pack this pick task: every item was reported missing, so there is nothing to deliver. Ask an admin to cancel the order.',
          extensions: { status: task.status },
        });
      }
      // Another instance's clock may be a little behind the one that started picking; the table
      // insists packing does not come before starting.
      const packedAt = task.startedAt && task.startedAt > now ? task.startedAt : now;
      const updated = await repos.pickTasks.applyChange(task.id, { status: to, at: packedAt, packedAt });
      await enqueuePacked(trx, {
        orderId: task.orderId,
        taskId: task.id,
        storeId: task.storeId,
        items: bagContents(items),
        packedAt: packedAt.toISOString(),
      });
      await this.enqueueLoad(trx, repos, task.storeId, packedAt);
      return updated;
    });
  }

  /**
   * One staff transition: refuse callers who are not staff before touching a row, lock the order's
   * task, check its store (NOT_FOUND for another store's, as for none) and the transition table, apply `apply`, commit, then kick the relay.
   * A refusal or any error rolls the whole transaction back, so a refused call changes nothing.
   */
  private async change(
    identity: Identity | null,
    orderId: string,
    action: PickTaskAction,
    apply: (trx: Knex.Transaction, repos: Repositories, task: PickTaskRecord, to: PickTaskRecord['status'], now: Date) => Promise<PickTaskRecord>,
  ): Promise<PickTaskOutcome> {
    enforce(pickingAccess(identity), NOT_YOUR_STORE);
    const outcome = await refusable<PickTaskRecord, PickTaskRefusalKind>(() => this.deps.db.transaction(async (trx) => {
      const repos = createRepositories(trx);
      const task = await repos.pickTasks.lockByOrderId(orderId);
      // Another store's task is answered like a missing one, so staff cannot probe which orders exist.
      if (!task || !mayWorkAt(identity, task.storeId)) throw notFound('A pick task for order', orderId);
      const step = transition(action, task.status);
      if (!step.ok) throw new Refused({ kind: 'STATUS', code: ErrorCode.INVALID_STATE, message: step.reason, extensions: { status: task.status } });
      return apply(trx, repos, task, step.to, new Date());
    }));
    if (outcome.ok) this.deps.relay.kick();
    return outcome;
  }

  /** Publishes the store's open-task count as this transaction leaves it, serialized per store. */
  private async enqueueLoad(trx: Knex.Transaction, repos: Repositories, storeId: string, at: Date): Promise<void> {
    await repos.pickTasks.lockStore(storeId);
    const openTasks = await repos.pickTasks.countOpen(storeId);
    await enqueueStoreLoad(trx, { storeId, openTasks, at: at.toISOString() });
  }

  /** The consumer commits the transaction; the relay should look right after, not at its next poll. */
  private kickAfterCommit(trx: Knex.Transaction): void {
    trx.executionPromise.then(
      () => this.deps.relay.kick(),
      () => undefined,
    );
  }
}
