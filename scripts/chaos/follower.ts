/**
 * A courier of a seeded order under way reports a position every 3.5 s (real `reportLocation` through
 * the gateway) while its customer follows `courierPosition` on a real graphql-ws client: the chaos run
 * counts what the customer receives before and after a fault.
 */
import { DEV_JWT_SECRET, offsetMeters, type Knex } from '@qc/shared';
import { signDevToken } from '../../gateway/src/auth';
import { connectClient, type TestClient } from '../../gateway/src/subscriptions/testing/client';

export interface FollowedOrder {
  orderId: string;
  customerId: string;
  courierId: string;
  start: { lat: number; lng: number };
}

/** A seeded order a courier has picked up (nobody in the run rides it: the simulator does not adopt). */
export async function pickFollowedOrder(db: Knex): Promise<FollowedOrder | null> {
  const { rows } = await db.raw(`
    SELECT d.order_id, d.courier_id, o.customer_id, p.lat, p.lng
      FROM delivery.deliveries d
      JOIN orders.orders o ON o.id = d.order_id
      LEFT JOIN tracking.courier_latest_positions p ON p.courier_id = d.courier_id
     WHERE d.status = 'PICKED_UP' AND o.status IN ('PICKED_UP', 'IN_TRANSIT')
     ORDER BY d.order_id LIMIT 1`);
  const row = rows[0] as { order_id: string; courier_id: string; customer_id: string; lat: number | null; lng: number | null } | undefined;
  if (!row || row.lat === null || row.lng === null) return null;
  return { orderId: row.order_id, customerId: row.customer_id, courierId: row.courier_id, start: { lat: Number(row.lat), lng: Number(row.lng) } };
}

export class Follower {
  private client: TestClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private step = 0;
  /** When each position reached the customer. */
  readonly received: number[] = [];
  readonly errors: string[] = [];
  reportsAccepted = 0;
  reportsFailed = 0;

  constructor(
    private readonly order: FollowedOrder,
    private readonly gatewayUrl: string,
    private readonly wsUrl: string,
  ) {}

  async start(): Promise<void> {
    const secret = process.env.JWT_SECRET ?? DEV_JWT_SECRET;
    const customer = await signDevToken(secret, { sub: this.order.customerId, role: 'customer', expiresIn: '2h' });
    const courier = await signDevToken(secret, { sub: this.order.courierId, role: 'courier', expiresIn: '2h' });
    this.client = connectClient(this.wsUrl, customer);
    this.client.subscribe(
      { query: `subscription { courierPosition(orderId: "${this.order.orderId}") { lat lng recordedAt } }` },
      {
        next: (result) => (result.data ? this.received.push(Date.now()) : this.errors.push(JSON.stringify(result.errors))),
        error: (error) => this.errors.push(error instanceof Error ? error.message : JSON.stringify(error)),
        complete: () => this.errors.push('subscription completed'),
      },
    );
    const report = async () => {
      // 15 m a report, 3.5 s apart: a courier on a bicycle, well under tracking's jump limit.
      const at = offsetMeters(this.order.start, 15 * ++this.step, 0);
      try {
        const res = await fetch(this.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${courier}` },
          body: JSON.stringify({
            query: 'mutation($i: ReportLocationInput!) { reportLocation(input: $i) { __typename } }',
            variables: { i: { lat: at.lat, lng: at.lng, speed: 4.3, heading: 90, recordedAt: new Date().toISOString() } },
          }),
          signal: AbortSignal.timeout(5000),
        });
        const body = (await res.json()) as { errors?: unknown[] };
        if (body.errors?.length) this.reportsFailed++;
        else this.reportsAccepted++;
      } catch {
        this.reportsFailed++;
      }
    };
    await report();
    this.timer = setInterval(() => void report(), 3500);
  }

  /** Positions received after `since` (ms epoch). */
  receivedAfter(since: number): number {
    return this.received.filter((at) => at > since).length;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.dispose();
  }
}
