/**
 * Lists dead-lettered events: `npm run events:dlq [-- --consumer <name>] [--json]`.
 * Reading does not remove them.
 */
import { parseArgs } from 'node:util';
import { connectNats, EventBus } from '@qc/shared';

async function main() {
  const { values } = parseArgs({ options: { consumer: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const nc = await connectNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', 'events-dlq');
  try {
    const bus = new EventBus(nc, process.env.EVENTS_PREFIX ?? 'qc');
    await bus.ensureStream();
    const letters = await bus.listDeadLetters(values.consumer);
    if (values.json) {
      console.log(JSON.stringify(letters, null, 2));
    } else if (letters.length === 0) {
      console.log('No dead letters.');
    } else {
      for (const l of letters) {
        const what = l.event ? `event ${l.event.id}` : `raw ${JSON.stringify((l.raw ?? '').slice(0, 80))}`;
        console.log(`#${l.dlqSeq} ${l.failedAt} ${l.consumer} ${l.subject ?? l.event?.subject} message #${l.seq}${l.part === undefined ? '' : ` event ${l.part + 1} of its pack`} (${what}) after ${l.deliveries} deliveries: ${l.reason}`);
      }
    }
  } finally {
    await nc.close();
  }
}

main().catch((error) => {
  console.error(`events:dlq failed: ${(error as Error).message}`);
  process.exit(1);
});
