import { randomUUID } from 'node:crypto';
import type { Identity, Knex, Logger } from '@qc/shared';
import { createRepositories, type StockCache } from '../data';
import { assertCanAdjustStock } from '../domain/access';
import { refusal, validateAdjustment, type StockAdjustmentInput, type StockAdjustmentOutcome } from '../domain/stock-adjustment';
import { availableUnits } from '../domain/stock';
import { enqueueInventoryChanged } from '../events/inventory-changed';

export interface InventoryServiceDeps {
  db: Knex;
  stockCache: StockCache;
  log: Logger;
}

/** Stock changes by staff: access, the conditional update, the history row and the event, in one transaction. */
export class InventoryService {
  constructor(private readonly deps: InventoryServiceDeps) {}

  /**
   * Applies `delta` to the units on hand of one stock line. Access and input are checked first
   * (UNAUTHENTICATED / FORBIDDEN / BAD_USER_INPUT, nothing changed); a refusal the client can act on
   * comes back as an outcome. On success the history row and the `inventory.changed` outbox entry commit
   * with the change, and the cached free units are dropped right after the commit.
   */
  async adjustStock(identity: Identity | null, input: StockAdjustmentInput): Promise<StockAdjustmentOutcome> {
    const actor = assertCanAdjustStock(identity, input.storeId);
    const request = validateAdjustment(input);
    const outcome = await this.deps.db.transaction(async (trx): Promise<StockAdjustmentOutcome> => {
      const repos = createRepositories(trx);
      const stock = await repos.stock.adjustOnHand(request.storeId, request.productId, request.delta);
      if (!stock) {
        const current = await repos.stock.find(request.storeId, request.productId);
        const storeExists = current !== null || (await repos.stores.findByIds([request.storeId])).length > 0;
        return refusal(request, current, storeExists);
      }
      const eventId = randomUUID();
      const adjustment = await repos.history.insert({
        id: `adj_${eventId}`,
        storeId: stock.storeId,
        productId: stock.productId,
        delta: request.delta,
        reason: request.reason,
        onHandAfter: stock.onHand,
        reservedAfter: stock.reserved,
        actor: actor.sub,
      });
      await enqueueInventoryChanged(trx, eventId, {
        storeId: stock.storeId,
        productId: stock.productId,
        kind: 'ADJUSTMENT',
        delta: request.delta,
        reservedDelta: 0,
        reason: request.reason,
        onHand: stock.onHand,
        reserved: stock.reserved,
        available: availableUnits(stock),
        actor: actor.sub,
        adjustmentId: adjustment.id,
        reservationId: null,
        orderId: null,
        changedAt: adjustment.at.toISOString(),
      });
      return { kind: 'adjusted', stock, adjustment };
    });
    if (outcome.kind === 'adjusted') {
      // The consumer of inventory.changed drops the entry too, so a failure here delays, never loses, it.
      await this.deps.stockCache
        .invalidate([{ storeId: outcome.stock.storeId, productId: outcome.stock.productId }])
        .catch((error: unknown) => this.deps.log.warn({ err: error }, 'stock cache invalidation failed; the event consumer will retry it'));
    }
    return outcome;
  }
}
