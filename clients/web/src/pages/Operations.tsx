import { useEffect, useState } from 'react';
import {
  WebCityCouriersDocument,
  WebDispatchBoardDocument,
  WebStoreLoadDocument,
  WebStoresDocument,
  type CourierStatus,
  type WebCityCouriersSubscription,
  type WebStoresQuery,
} from '../../__generated__/graphql';
import { request } from '../api';
import { CityMap, type MapMarker, type Tone } from '../components/CityMap';
import { clock, duration, words } from '../format';
import { useInterval, useLoad } from '../hooks';
import type { LiveConnection, LiveRefusal } from '../live';
import type { Session } from '../session';

type Courier = WebCityCouriersSubscription['cityCouriers'];
type Store = WebStoresQuery['stores'][number];
interface Change {
  key: number;
  courier: string;
  from: CourierStatus | null;
  to: CourierStatus;
  at: Date;
}

/** The lists and numbers have no city-wide feed of their own: read again this often. */
const BOARD_REFRESH_MS = 10_000;
const ONLINE: CourierStatus[] = ['IDLE', 'OFFERED', 'BUSY'];
const COURIER_TONE: Record<CourierStatus, Tone> = { IDLE: 'idle', OFFERED: 'offered', BUSY: 'busy', OFFLINE: 'neutral' };
const COURIER_GLYPH: Record<CourierStatus, string> = { IDLE: 'I', OFFERED: 'O', BUSY: 'B', OFFLINE: '' };

const loadTone = (store: Store): Tone => {
  const load = store.capacity ? store.openTaskCount / store.capacity : 0;
  return load >= 0.9 ? 'full' : load >= 0.5 ? 'loaded' : 'calm';
};

/** The operations map: every store's load, every online courier live, what waits for a courier, and the day's numbers. */
export function OperationsPage({ session, connection }: { session: Session; connection: LiveConnection }) {
  if (session.role !== 'admin') {
    return (
      <p role="alert" className="problem">
        The operations map is for admins: sign in as the admin.
      </p>
    );
  }
  return <OperationsMap session={session} connection={connection} />;
}

function OperationsMap({ session, connection }: { session: Session; connection: LiveConnection }) {
  const storesLoaded = useLoad('stores', () => request(WebStoresDocument, {}, session.token));
  const board = useLoad('board', () => request(WebDispatchBoardDocument, {}, session.token));
  useInterval(board.reload, BOARD_REFRESH_MS);
  const [loads, setLoads] = useState<Map<string, number>>(new Map());
  const [couriers, setCouriers] = useState<Map<string, Courier>>(new Map());
  const [changes, setChanges] = useState<Change[]>([]);
  const [refusal, setRefusal] = useState<LiveRefusal | null>(null);

  useEffect(() => {
    let key = 0;
    // The last status seen of each courier, to tell a change from a repeat (positions, a resubscription).
    const statuses = new Map<string, CourierStatus>();
    const stopCouriers = connection.subscribe(WebCityCouriersDocument, {}, {
      next: ({ cityCouriers: courier }) => {
        const before = statuses.get(courier.id);
        statuses.set(courier.id, courier.status);
        if (before && before !== courier.status) {
          key += 1;
          const change = { key, courier: courier.name, from: before, to: courier.status, at: new Date() };
          setChanges((list) => [change, ...list].slice(0, 8));
        }
        setCouriers((all) => {
          const next = new Map(all);
          if (courier.status === 'OFFLINE') next.delete(courier.id);
          else next.set(courier.id, courier);
          return next;
        });
      },
      refused: setRefusal,
    });
    const stopLoads = connection.subscribe(WebStoreLoadDocument, {}, {
      next: ({ storeLoadUpdated: s }) => setLoads((all) => new Map(all).set(s.id, s.openTaskCount)),
      refused: setRefusal,
    });
    return () => {
      stopCouriers();
      stopLoads();
    };
  }, [connection]);

  if (refusal) {
    return (
      <p role="alert" className="problem">
        The city feed was refused ({refusal.code ?? 'error'}): {refusal.message}
      </p>
    );
  }
  const stores = (storesLoaded.data?.stores ?? []).map((s) => ({ ...s, openTaskCount: loads.get(s.id) ?? s.openTaskCount }));
  const online = [...couriers.values()].filter((c) => ONLINE.includes(c.status)).sort((a, b) => a.name.localeCompare(b.name));
  const byStatus = Object.fromEntries(ONLINE.map((s) => [s, online.filter((c) => c.status === s).length])) as Record<string, number>;
  const waiting = board.data?.ordersAwaitingCourier ?? [];
  const escalated = board.data?.escalatedDeliveries ?? [];
  const summary = board.data?.operationsSummary;

  const markers: MapMarker[] = [
    ...stores.map((s) => ({
      id: s.id,
      kind: 'store' as const,
      at: s.location,
      label: `${s.name}: ${s.openTaskCount} open pick tasks of ${s.capacity}${s.isOpen ? '' : ' (closed)'}`,
      tone: loadTone(s),
      glyph: String(s.openTaskCount),
    })),
    ...waiting.flatMap((w) =>
      w.dropoffLocation ? [{ id: w.order.id, kind: 'waiting' as const, at: w.dropoffLocation, label: `Order ${w.order.id} waiting for a courier`, tone: 'alert' as const }] : [],
    ),
    ...online.flatMap((c) =>
      c.position
        ? [{ id: c.id, kind: 'courier' as const, at: c.position, label: `${c.name}, ${words(c.status)}`, tone: COURIER_TONE[c.status], glyph: COURIER_GLYPH[c.status], testId: `courier-${c.id}` }]
        : [],
    ),
  ];

  return (
    <div className="ops">
      <section aria-labelledby="numbers-title" className="card">
        <h2 id="numbers-title">Today in the city</h2>
        <dl className="counters" data-testid="counters">
          <div>
            <dt>Orders per minute</dt>
            <dd>{summary ? summary.ordersPerMinute.toFixed(2) : '…'}</dd>
            <dd className="muted">{summary ? `over ${summary.windowMinutes} min` : ''}</dd>
          </div>
          <div>
            <dt>Median order to door</dt>
            <dd>{summary ? (summary.medianOrderToDoorSeconds == null ? '—' : duration(summary.medianOrderToDoorSeconds)) : '…'}</dd>
            <dd className="muted">{summary ? `${summary.deliveredToday} delivered today` : ''}</dd>
          </div>
          <div>
            <dt>Orders today</dt>
            <dd>{summary?.ordersToday ?? '…'}</dd>
          </div>
          <div>
            <dt>Couriers online</dt>
            <dd data-testid="couriers-online">{online.length}</dd>
            <dd className="muted">
              {byStatus.IDLE} idle · {byStatus.OFFERED} offered · {byStatus.BUSY} busy
            </dd>
          </div>
        </dl>
      </section>

      <div className="ops-grid">
        <section className="card" aria-labelledby="map-title">
          <h2 id="map-title">City map</h2>
          <CityMap title={`City map: ${stores.length} stores, ${online.length} couriers online, ${waiting.length} orders waiting for a courier`} markers={markers} frame={[...stores.map((s) => s.location), ...online.flatMap((c) => (c.position ? [c.position] : []))]} />
          <ul className="legend" aria-label="Map legend">
            <li>
              <span className="key key-store tone-calm" aria-hidden="true" /> store, open tasks on it (green calm · amber busy · red full)
            </li>
            <li>
              <span className="key key-courier tone-idle" aria-hidden="true" /> I idle
            </li>
            <li>
              <span className="key key-courier tone-offered" aria-hidden="true" /> O offered
            </li>
            <li>
              <span className="key key-courier tone-busy" aria-hidden="true" /> B busy
            </li>
            <li>
              <span className="key key-waiting" aria-hidden="true" /> order waiting for a courier
            </li>
          </ul>
        </section>

        <section className="card" aria-labelledby="changes-title">
          <h2 id="changes-title">Courier changes</h2>
          <ol className="changes" aria-live="polite" data-testid="courier-changes">
            {changes.length === 0 ? <li className="muted">Waiting for the first change…</li> : null}
            {changes.map((c) => (
              <li key={c.key}>
                {clock(c.at)} {c.courier}: {c.from ? words(c.from) : '—'} → <strong>{words(c.to)}</strong>
              </li>
            ))}
          </ol>
          <h2>Couriers online</h2>
          <table>
            <caption className="visually-hidden">Online couriers and their state</caption>
            <thead>
              <tr>
                <th scope="col">Courier</th>
                <th scope="col">State</th>
                <th scope="col">Vehicle</th>
              </tr>
            </thead>
            <tbody data-testid="courier-table">
              {online.map((c) => (
                <tr key={c.id} data-courier={c.id} data-status={c.status}>
                  <td>{c.name}</td>
                  <td>
                    <span className={`badge tone-${COURIER_TONE[c.status]}`}>{words(c.status)}</span>
                  </td>
                  <td>{words(c.vehicle)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <div className="ops-grid">
        <section className="card" aria-labelledby="stores-title">
          <h2 id="stores-title">Stores</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Store</th>
                <th scope="col">Open pick tasks</th>
                <th scope="col">Load</th>
              </tr>
            </thead>
            <tbody data-testid="store-table">
              {stores.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.name}
                    {s.isOpen ? '' : ' (closed)'}
                  </td>
                  <td>{s.openTaskCount}</td>
                  <td>
                    <span className={`badge tone-${loadTone(s)}`}>{s.capacity ? Math.round((100 * s.openTaskCount) / s.capacity) : 0} %</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="waiting-title">
          <h2 id="waiting-title">Waiting for a courier ({waiting.length})</h2>
          <ul className="plain" data-testid="waiting">
            {waiting.length === 0 ? <li className="muted">None: every packed order has a courier.</li> : null}
            {waiting.map((w) => (
              <li key={w.order.id}>
                {w.order.id} at {w.store.name ?? w.store.id} — {w.offered ? `offered (try ${w.attempts})` : 'looking for a courier'}, since {clock(w.waitingSince)}
              </li>
            ))}
          </ul>
          <h2>Escalations ({escalated.length})</h2>
          <ul className="plain" data-testid="escalations">
            {escalated.length === 0 ? <li className="muted">None.</li> : null}
            {escalated.map((e) => (
              <li key={e.order.id} className="problem-text">
                {e.order.id} at {e.store.name ?? e.store.id}: {words(e.reason)} after {e.attempts} offers, {clock(e.escalatedAt)}
              </li>
            ))}
          </ul>
        </section>
      </div>
      {board.error ? <p role="alert">The lists could not be refreshed: {board.error.message}</p> : null}
    </div>
  );
}
