/**
 * The live connection: one graphql-ws client per signed-in session, at the gateway's `/graphql`, with
 * the token in `connection_init`. It reconnects by itself with back-off whatever closed the socket, and
 * graphql-ws sends every active subscription again on the new socket, whose first results are the
 * current state: after a drop the page catches up without reloading. Its state is observable so the
 * page can say what is going on.
 */
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { GRAPHQL_PATH, persistedOf } from './api';

export type LiveState =
  | { kind: 'connecting' }
  | { kind: 'live'; since: Date; reconnected: boolean }
  | { kind: 'reconnecting'; attempt: number; reason: string };

/** A refusal of one subscription, with its code (FORBIDDEN, NOT_FOUND …). */
export interface LiveRefusal {
  code: string | undefined;
  message: string;
}

export interface LiveHandlers<R> {
  next(data: R): void;
  refused?(refusal: LiveRefusal): void;
}

const wsUrl = (): string => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`;

export class LiveConnection {
  private readonly client: Client;
  private readonly listeners = new Set<() => void>();
  private state: LiveState = { kind: 'connecting' };
  private attempts = 0;
  private everConnected = false;

  constructor(token: string) {
    this.client = createClient({
      url: wsUrl(),
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      keepAlive: 10_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      // Whatever closed the socket (a restart, a network drop, "too slow"): try again.
      shouldRetry: () => true,
      retryWait: async (retries) => {
        await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries) * (0.75 + Math.random() / 2)));
      },
      onNonLazyError: () => undefined,
      on: {
        connected: () => {
          this.attempts = 0;
          this.set({ kind: 'live', since: new Date(), reconnected: this.everConnected });
          this.everConnected = true;
        },
        closed: (event) => {
          if (this.disposed) return;
          const { code, reason } = event as { code?: number; reason?: string };
          this.attempts += 1;
          this.set({ kind: 'reconnecting', attempt: this.attempts, reason: reason || (code ? `closed (${code})` : 'connection lost') });
        },
      },
    });
  }

  private disposed = false;

  get current(): LiveState {
    return this.state;
  }

  /** For `useSyncExternalStore`. */
  readonly watch = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Subscribes with a typed document; returns the unsubscribe function. */
  subscribe<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V, handlers: LiveHandlers<R>): () => void {
    const { body, name } = persistedOf(document as TypedDocumentNode<unknown, unknown>);
    return this.client.subscribe<R>(
      { query: body, operationName: name, variables },
      {
        next: (result) => {
          if (result.errors?.length && !result.data) {
            handlers.refused?.({ code: result.errors[0]?.extensions?.code as string | undefined, message: result.errors[0]!.message });
            return;
          }
          if (result.data) handlers.next(result.data as R);
        },
        error: (error: unknown) => {
          if (Array.isArray(error)) {
            const first = error[0] as { message?: string; extensions?: { code?: string } } | undefined;
            handlers.refused?.({ code: first?.extensions?.code, message: first?.message ?? 'The subscription was refused' });
            return;
          }
          // A close graphql-ws does not retry: the gateway refused the token (4401, 4403 when it expired).
          const code = (error as { code?: number } | null)?.code;
          handlers.refused?.({ code: code === 4401 || code === 4403 ? 'UNAUTHENTICATED' : undefined, message: code === 4401 || code === 4403 ? 'Your sign-in is no longer valid; sign in again' : 'The live connection ended' });
        },
        complete: () => undefined,
      },
    );
  }

  /** Drops the socket as a network failure would (the page then reconnects by itself); for trying it out. */
  dropSocket(): void {
    this.client.terminate();
  }

  dispose(): void {
    this.disposed = true;
    void this.client.dispose();
  }

  private set(state: LiveState) {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
