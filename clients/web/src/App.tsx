import { useEffect, useState, useSyncExternalStore } from 'react';
import { WebMeDocument } from '../__generated__/graphql';
import { request } from './api';
import { LiveStatus } from './components/LiveStatus';
import { SignIn } from './components/SignIn';
import { useLoad } from './hooks';
import { LiveConnection } from './live';
import { OperationsPage } from './pages/Operations';
import { TrackingPage } from './pages/Tracking';
import { loadSession, saveSession, type Session } from './session';

type Route = { page: 'track'; orderId: string | null } | { page: 'ops' };

/** `#/track`, `#/track/<orderId>`, `#/ops`: the fragment routes, so the gateway serves one file. */
function parseRoute(hash: string): Route {
  const [, page, id] = hash.replace(/^#/, '').split('/');
  if (page === 'ops') return { page: 'ops' };
  return { page: 'track', orderId: id ? decodeURIComponent(id) : null };
}

const watchHash = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

export function App() {
  const hash = useSyncExternalStore(watchHash, () => location.hash);
  const route = parseRoute(hash);
  const [session, setSession] = useState<Session | null>(loadSession);
  // One live connection per sign-in; a new token is a new connection. Opened in an effect (it opens a
  // socket), so it is closed with the session however often React mounts.
  const [connection, setConnection] = useState<LiveConnection | null>(null);
  useEffect(() => {
    if (!session) {
      setConnection(null);
      return;
    }
    const opened = new LiveConnection(session.token);
    setConnection(opened);
    return () => opened.dispose();
  }, [session]);
  const me = useLoad(session?.role === 'customer' ? `me:${session.sub}` : null, () => request(WebMeDocument, {}, session!.token));

  useEffect(() => {
    document.title = route.page === 'ops' ? 'Operations map — Quick commerce' : 'Track your order — Quick commerce';
    // For a person trying the reconnection, and for the browser test: drop the socket as a network failure would.
    (window as unknown as { qcDropLiveSocket?: () => void }).qcDropLiveSocket = () => connection?.dropSocket();
  }, [route.page, connection]);

  const signIn = (next: Session | null) => {
    saveSession(next);
    setSession(next);
  };

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <h1>Quick commerce · live</h1>
        <nav aria-label="Pages">
          <a href="#/track" aria-current={route.page === 'track' ? 'page' : undefined}>
            Order tracking
          </a>
          <a href="#/ops" aria-current={route.page === 'ops' ? 'page' : undefined}>
            Operations map
          </a>
        </nav>
        {session ? (
          <p className="who">
            Signed in as <strong>{me.data?.me?.name ?? session.sub}</strong> ({session.role}){' '}
            <button type="button" onClick={() => signIn(null)}>
              Sign out
            </button>
          </p>
        ) : null}
      </header>
      <main id="main">
        {connection ? <LiveStatus connection={connection} /> : null}
        {!session || !connection ? (
          <SignIn want={route.page === 'ops' ? 'admin' : 'customer'} onSignedIn={signIn} />
        ) : route.page === 'ops' ? (
          <OperationsPage session={session} connection={connection} />
        ) : (
          <TrackingPage session={session} connection={connection} orderId={route.orderId} />
        )}
      </main>
    </>
  );
}
