import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * What the proxy does with connections: `forward` them to the target, `refuse` them (nothing listens:
 * ECONNREFUSED), `reset` them (accepted, counted, closed at once) or `hang` them (accepted, never a byte
 * back: the "server is up but answers nothing" outage that only a timeout ends). Switching to `hang`
 * also freezes the connections already open, as a partition would; every other switch cuts them.
 */
export type ProxyMode = 'forward' | 'refuse' | 'reset' | 'hang';

/** A TCP proxy in front of a shared server, so one test can lose it without taking it from the others. */
export interface TcpProxy {
  port: number;
  /** Connections accepted and then reset or hung since the proxy started (proof a client tried). */
  readonly turnedAway: number;
  /** Switches mode; every open connection is cut, as a network failure or a server restart would. */
  set(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy on a free port of 127.0.0.1 to `target` (127.0.0.1 unless a host is given), forwarding. */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  let turnedAway = 0;
  const open = new Set<Socket>();
  /** How to stop each forwarded pair passing bytes on, for `hang`. */
  let frozen: (() => void)[] = [];
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const onConnection = (client: Socket) => {
    track(client);
    if (mode === 'reset' || mode === 'hang') {
      turnedAway++;
      if (mode === 'reset') client.resetAndDestroy();
      return;
    }
    client.pause();
    const upstream = createConnection({ port: targetPort, host: targetHost }, () => {
      if (mode === 'hang') return;
      client.pipe(upstream).pipe(client);
      client.resume();
    });
    track(upstream);
    frozen.push(() => {
      client.unpipe();
      upstream.unpipe();
      client.pause();
      upstream.pause();
    });
    upstream.once('close', () => client.destroy());
    client.once('close', () => upstream.destroy());
  };

  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer(onConnection);
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        port = (next.address() as { port: number }).port;
        server = next;
        resolve();
      });
    });
  const unlisten = async () => {
    const current = server;
    server = null;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  const cutAll = () => {
    for (const socket of open) socket.destroy();
  };

  await listen();
  return {
    get port() {
      return port;
    },
    get turnedAway() {
      return turnedAway;
    },
    async set(next) {
      mode = next;
      if (next === 'hang') for (const freeze of frozen) freeze();
      else cutAll();
      frozen = [];
      if (next === 'refuse') await unlisten();
      else if (!server) await listen();
    },
    async close() {
      cutAll();
      await unlisten();
    },
  };
}
