/**
 * The seeded demo city tells one story in every subgraph: for each seeded order, what orders says
 * (status and history) is what fulfillment (the pick task and its lines), delivery (the delivery,
 * the courier, the offer, the dispatch job) and tracking (the courier's position, the ETA) say —
 * all read through the gateway, as a client sees them, except dispatch jobs, which nobody outside
 * delivery can see.
 */
import { signDevToken } from '../gateway/src/auth';
import { createRepositories as deliveryRepos } from '../subgraphs/delivery/src/data';
import { generateCity, type City } from '../scripts/seed/city';
import { plainLoader, SEED_ORDER, writeSubgraph } from '../scripts/seed/load';
import { E2E_JWT_SECRET, queryGateway, startSupergraph, type RunningSupergraph } from './support/supergraph';

const OPTIONS = { stores: 3, products: 150, couriers: 14, customers: 10, orders: 48, seed: 5 };
const MINUTE = 60_000;
/** Orders still moving: they need a store, a courier, or both, to do something next. */
const LIVE = new Set(['PENDING', 'CONFIRMED', 'ASSIGNED_TO_STORE', 'PICKING', 'PACKED', 'ASSIGNED_TO_COURIER', 'PICKED_UP', 'IN_TRANSIT']);
const IN_FLIGHT = new Set(['ASSIGNED_TO_COURIER', 'PICKED_UP', 'IN_TRANSIT']);

interface OrderView {
  id: string;
  status: string;
  placedAt: string;
  items: { product: { id: string }; quantity: number }[];
  store: { id: string } | null;
  history: { from: string | null; to: string; at: string }[];
  pickTask: {
    status: string;
    createdAt: string;
    promisedReadyAt: string;
    startedAt: string | null;
    packedAt: string | null;
    items: { product: { id: string }; quantity: number; missingQuantity: number }[];
  } | null;
  delivery: {
    status: string;
    assignedAt: string | null;
    pickedUpAt: string | null;
    deliveredAt: string | null;
    courier: { id: string; status: string; position: { recordedAt: string } | null } | null;
  } | null;
  eta: { minutesRemaining: number; estimatedArrivalAt: string } | null;
}

const ORDER = `query order($id: ID!) {
  order(id: $id) {
    id status placedAt items { product { id } quantity } store { id }
    history { from to at }
    pickTask { status createdAt promisedReadyAt startedAt packedAt items { product { id } quantity missingQuantity } }
    delivery { status assignedAt pickedUpAt deliveredAt courier { id status position { recordedAt } } }
    eta { minutesRemaining estimatedArrivalAt }
  }
}`;
const MY_OFFERS = `query myOffers { myOffers { status order { id } expiresAt } }`;

let graph: RunningSupergraph;
let city: City;
let seededAt: number;
let admin: string;

beforeAll(async () => {
  seededAt = Date.now();
  city = generateCity({ ...OPTIONS, now: new Date(seededAt) });
  graph = await startSupergraph({
    fixture: async (deps) => {
      for (const name of SEED_ORDER) {
        const { db, redis, namespace } = deps[name];
        await writeSubgraph(name, city, { db, redis, namespace, load: plainLoader(100) });
      }
    },
  });
  admin = await signDevToken(E2E_JWT_SECRET, { sub: 'adm_story', role: 'admin' });
}, 120_000);

afterAll(() => graph?.stop());

async function read(id: string): Promise<OrderView> {
  const res = await queryGateway<{ order: OrderView }>(graph.gatewayUrl, ORDER, { id }, admin);
  expect(res.errors).toBeUndefined();
  return res.data!.order;
}

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);

/** Everything about one order that does not agree across subgraphs, as sentences; empty when it all agrees. */
function storyProblems(o: OrderView, offers: Map<string, { orderId: string; status: string }[]>, dispatch: Map<string, { status: string; packedAt: Date | null }>): string[] {
  const problems: string[] = [];
  const at = new Map(o.history.map((h) => [h.to, Date.parse(h.at)]));
  const was = (s: string) => at.has(s);
  const say = (what: string) => problems.push(`${o.id} (${o.status}): ${what}`);

  if (o.history[o.history.length - 1]?.to !== o.status) say('the last history entry is not the status');
  const times = o.history.map((h) => Date.parse(h.at));
  if (times.some((t, i) => i > 0 && t < times[i - 1]!)) say('history goes back in time');

  // Fulfillment: a task once a store was assigned, in the status the history says, with the order's lines.
  const task = o.pickTask;
  if (was('ASSIGNED_TO_STORE') !== (task !== null)) say(`pick task ${task ? 'exists without' : 'missing despite'} ASSIGNED_TO_STORE`);
  if (task) {
    const expected = was('PACKED') ? 'PACKED' : was('PICKING') ? 'PICKING' : was('CANCELLED') ? 'CANCELLED' : 'QUEUED';
    if (task.status !== expected) say(`pick task is ${task.status}, history says ${expected}`);
    if (time(task.createdAt) !== at.get('ASSIGNED_TO_STORE')) say('pick task created at another time than ASSIGNED_TO_STORE');
    if (time(task.startedAt) !== (at.get('PICKING') ?? null)) say('pick task started at another time than PICKING');
    if (time(task.packedAt) !== (at.get('PACKED') ?? null)) say('pick task packed at another time than PACKED');
    const lines = (items: { product: { id: string }; quantity: number }[]) => items.map((i) => `${i.product.id}×${i.quantity}`).sort().join(',');
    if (lines(task.items) !== lines(o.items)) say(`pick task lines [${lines(task.items)}] are not the order's [${lines(o.items)}]`);
  }

  // Delivery: a delivery once a courier was involved, in the matching status and at the history's times.
  const d = o.delivery;
  const live = LIVE.has(o.status);
  if (was('ASSIGNED_TO_COURIER') && !d) say('no delivery despite ASSIGNED_TO_COURIER');
  if (d) {
    const expected = was('DELIVERED') ? 'DELIVERED' : was('PICKED_UP') ? 'PICKED_UP' : was('ASSIGNED_TO_COURIER') ? 'ASSIGNED' : 'OFFERED';
    if (d.status !== expected) say(`delivery is ${d.status}, history says ${expected}`);
    if (expected === 'OFFERED' && o.status !== 'PACKED') say('an offered delivery for an order that is not PACKED');
    if (time(d.assignedAt) !== (at.get('ASSIGNED_TO_COURIER') ?? null)) say('delivery assigned at another time than ASSIGNED_TO_COURIER');
    if (time(d.pickedUpAt) !== (at.get('PICKED_UP') ?? null)) say('delivery picked up at another time than PICKED_UP');
    if (time(d.deliveredAt) !== (at.get('DELIVERED') ?? null)) say('delivery delivered at another time than DELIVERED');
    if (!d.courier) say('delivery without a courier');
    if (d.courier && live) {
      const courierStatus = d.status === 'OFFERED' ? 'OFFERED' : 'BUSY';
      if (d.courier.status !== courierStatus) say(`courier ${d.courier.id} is ${d.courier.status}, expected ${courierStatus}`);
      const pending = (offers.get(d.courier.id) ?? []).filter((offer) => offer.status === 'PENDING');
      if (d.status === 'OFFERED' && !pending.some((offer) => offer.orderId === o.id)) say(`courier ${d.courier.id} has no pending offer for it`);
    }
  }

  // Dispatch: delivery knows every live order a store confirmed, and where it is with it.
  const job = dispatch.get(o.id);
  if (live && was('CONFIRMED')) {
    const expected = d?.status === 'OFFERED' ? 'OFFERED' : d ? 'ASSIGNED' : 'WAITING';
    if (!job) say('delivery has no dispatch job for it');
    else if (job.status !== expected) say(`dispatch job is ${job.status}, expected ${expected}`);
    else if ((job.packedAt?.getTime() ?? null) !== (at.get('PACKED') ?? null)) say('dispatch job packed at another time than PACKED');
  }

  // Tracking: a courier on the way has a fresh position and the order an ETA.
  if (IN_FLIGHT.has(o.status)) {
    const position = d?.courier?.position;
    if (!position) say('the courier on the way has no position');
    else if (seededAt - Date.parse(position.recordedAt) > MINUTE) say(`the courier's position is ${Math.round((seededAt - Date.parse(position.recordedAt)) / 1000)} s old`);
    if (!o.eta) say('no ETA although a courier is on the way');
    else if (o.eta.minutesRemaining <= 0 || o.eta.minutesRemaining > 120) say(`ETA of ${o.eta.minutesRemaining} min`);
  } else if (o.eta) {
    say('an ETA although no courier is on the way');
  }

  // Demo time: open work happened in the last hours, not on another day.
  if (live && seededAt - Date.parse(o.placedAt) > 3 * 60 * MINUTE) say(`placed ${Math.round((seededAt - Date.parse(o.placedAt)) / MINUTE)} min ago but still open`);
  return problems;
}

describe('the seeded demo city', () => {
  it('when every seeded order is read through the gateway, then orders, fulfillment, delivery and tracking tell the same story', async () => {
    const views = await Promise.all(city.orders.map((o) => read(o.id)));
    const statuses = new Set(views.map((v) => v.status));
    // The city covers every state worth checking; otherwise the check below would prove little.
    for (const status of ['CONFIRMED', 'ASSIGNED_TO_STORE', 'PICKING', 'PACKED', 'ASSIGNED_TO_COURIER', 'IN_TRANSIT', 'DELIVERED', 'REFUNDED']) expect(statuses).toContain(status);

    const offers = new Map<string, { orderId: string; status: string }[]>();
    for (const courierId of new Set(views.flatMap((v) => (v.delivery?.status === 'OFFERED' && v.delivery.courier ? [v.delivery.courier.id] : [])))) {
      const token = await signDevToken(E2E_JWT_SECRET, { sub: courierId, role: 'courier', courierId });
      const res = await queryGateway<{ myOffers: { status: string; order: { id: string } }[] }>(graph.gatewayUrl, MY_OFFERS, {}, token);
      offers.set(courierId, (res.data?.myOffers ?? []).map((offer) => ({ orderId: offer.order.id, status: offer.status })));
    }
    const jobs = await deliveryRepos(graph.deps.delivery.db).dispatchJobs.findByOrderIds(views.map((v) => v.id));
    const dispatch = new Map(jobs.map((j) => [j.orderId, j]));

    expect(views.flatMap((v) => storyProblems(v, offers, dispatch))).toEqual([]);
  });
});

const OWN_ORDER = `query ownOrder($id: ID!) {
  order(id: $id) {
    id status store { id } pickTask { status }
    delivery { status deliveredAt courier { id name } }
    eta { minutesRemaining }
  }
}`;

describe('the seeded customers', () => {
  it('when each customer reads every order of theirs, then every field a customer may see answers, nothing is refused', async () => {
    const refused: string[] = [];
    let withDelivery = 0;
    for (const order of city.orders) {
      const token = await signDevToken(E2E_JWT_SECRET, { sub: order.customerId, role: 'customer' });
      const res = await queryGateway<{ order: { id: string; delivery: { status: string } | null } | null }>(graph.gatewayUrl, OWN_ORDER, { id: order.id }, token);
      for (const error of res.errors ?? []) refused.push(`${order.id} (${order.status}) ${error.path?.join('.') ?? ''}: ${String(error.extensions?.code)} ${error.message}`);
      if (res.data?.order?.id !== order.id) refused.push(`${order.id} (${order.status}): not answered`);
      if (res.data?.order?.delivery) withDelivery += 1;
    }
    expect(refused).toEqual([]);
    // Delivered orders are among them, so a customer's finished deliveries were read too.
    expect(withDelivery).toBe(city.deliveries.length);
  });
});
