import { useEffect, useMemo, useState } from 'react';
import {
  WebCourierPositionDocument,
  WebMyOrdersDocument,
  WebOrderUpdatesDocument,
  WebTrackedOrderDocument,
  type OrderStatus,
  type WebOrderUpdatesSubscription,
} from '../../__generated__/graphql';
import { GraphQLRequestError, request } from '../api';
import { CityMap, type MapMarker } from '../components/CityMap';
import { clock, money, words } from '../format';
import { distanceMetres, type LatLng } from '../geo';
import { useLoad } from '../hooks';
import type { LiveConnection, LiveRefusal } from '../live';
import type { Session } from '../session';

type Update = WebOrderUpdatesSubscription['orderUpdated'];
interface Fix extends LatLng {
  recordedAt: string;
}

/** The happy path an order walks; other endings (cancelled, refunded …) are shown from its history. */
const PATH: OrderStatus[] = ['CONFIRMED', 'ASSIGNED_TO_STORE', 'PICKING', 'PACKED', 'ASSIGNED_TO_COURIER', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED'];
const VEHICLE: Record<string, string> = { BICYCLE: 'bicycle', E_BIKE: 'e-bike', SCOOTER: 'scooter', CAR: 'car' };
/** Positions kept for the route drawn on the map. */
const TRAIL = 60;

/** The signed-in customer's recent orders, to pick one to follow. */
function OrderPicker({ session }: { session: Session }) {
  const orders = useLoad(`orders:${session.sub}`, () => request(WebMyOrdersDocument, {}, session.token));
  if (orders.error) return <p role="alert">Your orders could not be loaded: {orders.error.message}</p>;
  const edges = orders.data?.myOrders.edges ?? [];
  return (
    <section className="card" aria-labelledby="my-orders-title">
      <h2 id="my-orders-title">Your orders</h2>
      {orders.loading && !orders.data ? <p>Loading your orders…</p> : null}
      {orders.data && edges.length === 0 ? <p>You have no orders yet.</p> : null}
      <ul className="order-list">
        {edges.map(({ node }) => (
          <li key={node.id}>
            <a href={`#/track/${encodeURIComponent(node.id)}`}>
              <strong>{node.id}</strong> — {words(node.status)}
              {node.store ? ` · ${node.store.name}` : ''} · placed {clock(node.placedAt)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Order tracking: the customer's order, kept current by `orderUpdated` and `courierPosition`. */
export function TrackingPage({ session, connection, orderId }: { session: Session; connection: LiveConnection; orderId: string | null }) {
  if (session.role !== 'customer' && session.role !== 'admin') {
    return <p role="alert">Order tracking is for customers: sign in as one.</p>;
  }
  return (
    <>
      {orderId ? <TrackedOrder key={orderId} session={session} connection={connection} orderId={orderId} /> : null}
      {session.role === 'customer' ? <OrderPicker session={session} /> : null}
    </>
  );
}

function TrackedOrder({ session, connection, orderId }: { session: Session; connection: LiveConnection; orderId: string }) {
  const loaded = useLoad(`order:${orderId}`, () => request(WebTrackedOrderDocument, { id: orderId }, session.token));
  const [update, setUpdate] = useState<Update | null>(null);
  const [fixes, setFixes] = useState<Fix[]>([]);
  const [liveEta, setLiveEta] = useState<{ estimatedArrivalAt: string; minutesRemaining: number } | null>(null);
  const [refusal, setRefusal] = useState<LiveRefusal | null>(null);

  useEffect(() => {
    const stopOrder = connection.subscribe(WebOrderUpdatesDocument, { orderId }, { next: (d) => setUpdate(d.orderUpdated), refused: setRefusal });
    const stopPosition = connection.subscribe(WebCourierPositionDocument, { orderId }, {
      next: ({ courierPosition: p }) => {
        setFixes((all) => (all.at(-1)?.recordedAt === p.recordedAt ? all : [...all, { lat: p.lat, lng: p.lng, recordedAt: p.recordedAt }].slice(-TRAIL)));
        if (p.eta) setLiveEta(p.eta);
      },
      refused: setRefusal,
    });
    return () => {
      stopOrder();
      stopPosition();
    };
  }, [connection, orderId]);

  const order = loaded.data?.order ?? null;
  // The query's courier position starts the route; every live fix after it moves the marker.
  const start = order?.delivery?.courier?.position;
  const route = useMemo(() => (start && !fixes.some((f) => f.recordedAt === start.recordedAt) ? [start, ...fixes] : fixes), [start, fixes]);

  if (loaded.error || refusal || (loaded.data && !order)) {
    const code = loaded.error instanceof GraphQLRequestError ? loaded.error.code : refusal?.code;
    const notYours = !loaded.error && (code === 'NOT_FOUND' || code === 'FORBIDDEN' || (loaded.data && !order));
    return (
      <section className="card" aria-labelledby="order-title">
        <h2 id="order-title">Order {orderId}</h2>
        <p role="alert" className="problem" data-testid="order-refused">
          {notYours
            ? `Order ${orderId} cannot be opened: it does not exist or it is not yours (the server refused it${code ? `: ${code}` : ''}).`
            : `Order ${orderId} could not be loaded: ${loaded.error?.message ?? refusal?.message}`}
        </p>
      </section>
    );
  }
  if (!order) return <p>Loading order {orderId}…</p>;

  const status = update?.status ?? order.status;
  const history = update?.history ?? order.history;
  const delivery = update?.delivery ?? order.delivery;
  const courier = delivery?.courier ?? null;
  const eta = liveEta ?? order.eta ?? null;
  const reached = new Map(history.map((h) => [h.to, h.at]));
  const steps = PATH.includes(status) ? PATH : [...new Set(history.map((h) => h.to))];
  const current = route.at(-1) ?? null;
  const door = { lat: order.deliveryAddress.lat, lng: order.deliveryAddress.lng };
  const store = order.store;

  const markers: MapMarker[] = [
    ...(store ? [{ id: store.id, kind: 'store' as const, at: store.location, label: `Store: ${store.name}`, tone: 'calm' as const, glyph: 'S', testId: 'store-marker' }] : []),
    { id: 'door', kind: 'home', at: door, label: `Delivery address: ${order.deliveryAddress.line1}`, tone: 'neutral', glyph: 'H', testId: 'home-marker' },
    ...(current && courier
      ? [{ id: 'courier', kind: 'courier' as const, at: current, label: `Courier ${courier.name} at ${current.lat.toFixed(5)}, ${current.lng.toFixed(5)} (${clock(current.recordedAt)})`, tone: 'busy' as const, glyph: 'C', testId: 'courier-marker' }]
      : []),
  ];

  return (
    <section className="card tracking" aria-labelledby="order-title">
      <h2 id="order-title">
        Order {order.id} — <span data-testid="order-status">{words(status)}</span>
      </h2>
      <div className="tracking-grid">
        <div>
          <h3>Progress</h3>
          <ol className="timeline" data-testid="timeline">
            {steps.map((step) => {
              const at = reached.get(step);
              const state = step === status ? 'current' : at ? 'done' : 'todo';
              return (
                <li key={step} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
                  <span className="step-name">{words(step)}</span>
                  <span className="step-time">{at ? clock(at) : state === 'todo' ? 'not yet' : ''}</span>
                </li>
              );
            })}
          </ol>
          <h3>Arrival</h3>
          <p data-testid="eta">
            {status === 'DELIVERED'
              ? `Delivered at ${clock(reached.get('DELIVERED') ?? new Date())}.`
              : eta
                ? `About ${eta.minutesRemaining} min — around ${clock(eta.estimatedArrivalAt)}.`
                : 'An estimate appears once a courier is on the way.'}
          </p>
          <h3>Courier</h3>
          {courier ? (
            <p data-testid="courier">
              <strong>{courier.name}</strong>, rated {courier.rating.toFixed(1)} of 5, on a {VEHICLE[courier.vehicle] ?? words(courier.vehicle)}
              {current ? ` — ${Math.round(distanceMetres(current, door))} m from your door` : ''}.
            </p>
          ) : (
            <p data-testid="courier">No courier yet: one is chosen when your bag is nearly packed.</p>
          )}
          <h3>From</h3>
          <p>{store ? `${store.name}, ${store.address}` : 'A store is being chosen.'}</p>
          <h3>Items</h3>
          <ul className="items">
            {order.items.map((item) => (
              <li key={item.product.id}>
                {item.quantity} × {item.product.name} <span className="muted">{money(item.lineTotal)}</span>
              </li>
            ))}
          </ul>
          <p>
            Total <strong>{money(order.total)}</strong> · to {order.deliveryAddress.line1}, {order.deliveryAddress.postalCode} {order.deliveryAddress.city}
          </p>
        </div>
        <div>
          <CityMap
            title={`Map of order ${order.id}: the store, your door${current ? ' and the courier' : ''}`}
            markers={markers}
            trails={route.length > 1 ? [{ id: 'route', points: route }] : []}
            frame={[...(store ? [store.location] : []), door, ...route]}
          />
          <ul className="legend" aria-label="Map legend">
            <li>
              <span className="key key-store" aria-hidden="true" /> S: the store
            </li>
            <li>
              <span className="key key-home" aria-hidden="true" /> H: your door
            </li>
            <li>
              <span className="key key-courier" aria-hidden="true" /> C: the courier ({route.length} position{route.length === 1 ? '' : 's'} so far)
            </li>
          </ul>
        </div>
      </div>
    </section>
  );
}
