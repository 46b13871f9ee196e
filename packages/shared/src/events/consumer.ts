import type { ConsumerMessages, JsMsg } from 'nats';
import type { Knex } from '../db';
import type { Logger } from '../logger';
import type { EventBus } from './bus';
import type { EventEnvelope, Subject } from './subjects';

export interface ConsumerOptions<T> {
  bus: EventBus;
  db: Knex;
  log: Logger;
  /** Durable consumer name, unique per subgraph and subject, e.g. `fulfillment-orders-confirmed`. */
  name: string;
  subject: Subject;
  /**
   * Applies the event inside the transaction that also records it as processed, so a redelivered
   * event changes nothing. Throw to have it retried.
   */
  handle(event: EventEnvelope<T>, trx: Knex.Transaction): Promise<void>;
  /** Deliveries before the event is moved to the dead-letter subject. */
  maxDeliver?: number;
  /** Back-off before a failed event is delivered again. */
  retryDelayMs?: number;
  ackWaitMs?: number;
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

/**
 * A durable JetStream consumer: `consume()` → `for await` → handle in a transaction → ack after
 * commit; `nak` with a delay on failure; after `maxDeliver` failures, dead-letter with the reason and
 * `term` so it is not delivered again.
 */
export async function startConsumer<T>(opts: ConsumerOptions<T>): Promise<RunningConsumer> {
  const maxDeliver = opts.maxDeliver ?? 5;
  const retryDelayMs = opts.retryDelayMs ?? 1000;
  await opts.bus.ensureConsumer(opts.name, opts.subject, { maxDeliver, ackWaitMs: opts.ackWaitMs ?? 30_000 });
  const consumer = await opts.bus.js.consumers.get(opts.bus.stream, opts.name);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 64 });

  const loop = (async () => {
    for await (const msg of messages) await handleOne(msg);
  })();

  async function handleOne(msg: JsMsg) {
    let event: EventEnvelope<T>;
    try {
      event = msg.json<EventEnvelope<T>>();
    } catch {
      await opts.bus.deadLetter(opts.name, { id: '00000000-0000-0000-0000-000000000000', subject: opts.subject, occurredAt: new Date().toISOString(), data: msg.string() }, 'message is not JSON', msg.info.deliveryCount);
      msg.term('not JSON');
      return;
    }
    try {
      await opts.db.transaction(async (trx) => {
        const fresh = await trx('processed_events')
          .insert({ event_id: event.id, consumer: opts.name, subject: event.subject })
          .onConflict(['event_id', 'consumer'])
          .ignore()
          .returning('event_id');
        if (fresh.length === 0) return; // already applied: a redelivery changes nothing
        await opts.handle(event, trx);
      });
      msg.ack();
    } catch (error) {
      const reason = (error as Error).message ?? String(error);
      if (msg.info.deliveryCount >= maxDeliver) {
        opts.log.error({ err: error, eventId: event.id, consumer: opts.name }, 'event dead-lettered');
        await opts.bus.deadLetter(opts.name, event as EventEnvelope, reason, msg.info.deliveryCount);
        msg.term(reason.slice(0, 200));
      } else {
        opts.log.warn({ err: error, eventId: event.id, delivery: msg.info.deliveryCount }, 'event failed; will retry');
        msg.nak(retryDelayMs);
      }
    }
  }

  return {
    stop: async () => {
      await messages.close();
      await loop;
    },
  };
}
