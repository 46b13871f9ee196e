import type { Knex } from '@qc/shared';
import type { PickTaskItemRecord } from './types';

interface PickTaskItemRow {
  task_id: string;
  product_id: string;
  quantity: number;
  missing_quantity: number;
}

const COLUMNS = ['task_id', 'product_id', 'quantity', 'missing_quantity'];

const toRecord = (row: PickTaskItemRow): PickTaskItemRecord => ({
  taskId: row.task_id,
  productId: row.product_id,
  quantity: row.quantity,
  missingQuantity: row.missing_quantity,
});

/** The lines of pick tasks. Every method takes the knex (or a transaction) it was built with. */
export class PickTaskItemRepository {
  constructor(private readonly db: Knex) {}

  /** Stores a new task's lines (one per product) in one statement. */
  async insertForTask(taskId: string, lines: readonly { productId: string; quantity: number }[]): Promise<void> {
    if (lines.length === 0) return;
    await this.db('pick_task_items').insert(lines.map((l) => ({ task_id: taskId, product_id: l.productId, quantity: l.quantity })));
  }

  /** Lines of the given tasks, each task's in product order. */
  async findByTaskIds(taskIds: readonly string[]): Promise<PickTaskItemRecord[]> {
    const rows = await this.db<PickTaskItemRow>('pick_task_items')
      .select<PickTaskItemRow[]>(COLUMNS)
      .whereIn('task_id', taskIds)
      .orderBy([{ column: 'task_id' }, { column: 'product_id' }]);
    return rows.map(toRecord);
  }

  /**
   * Adds missing units to a line; the caller holds the task's lock and has checked the quantity (the
   * table's CHECK refuses more missing than ordered anyway).
   */
  async addMissing(taskId: string, productId: string, quantity: number): Promise<void> {
    await this.db('pick_task_items')
      .where({ task_id: taskId, product_id: productId })
      .increment('missing_quantity', quantity);
  }
}
