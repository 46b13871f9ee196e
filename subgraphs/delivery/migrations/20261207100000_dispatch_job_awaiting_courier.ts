import type { Migration } from '@qc/shared';

export const dispatchJobAwaitingCourier: Migration = {
  name: '20261207100000_dispatch_job_awaiting_courier',
  async up(db) {
    // A waiting job whose last search found nobody free at the widest radius: it is not looked at again
    // on a timer but when a free courier reports near its store (or at its deadline), so the index
    // serves that search by the store's position.
    await db.schema.alterTable('dispatch_jobs', (t) => {
      t.boolean('awaiting_courier').notNullable().defaultTo(false);
    });
    await db.raw(`CREATE INDEX dispatch_jobs_awaiting_courier ON dispatch_jobs (store_lat, store_lng) WHERE status = 'WAITING' AND awaiting_courier`);
  },
  async down(db) {
    await db.raw('DROP INDEX IF EXISTS dispatch_jobs_awaiting_courier');
    await db.schema.alterTable('dispatch_jobs', (t) => {
      t.dropColumn('awaiting_courier');
    });
  },
};
