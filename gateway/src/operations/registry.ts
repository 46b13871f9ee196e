import type { Logger, NatsConnection } from '@qc/shared';
import type { OperationList, OperationStore, RegisteredOperation } from './store';

/** The core-NATS subject (under the deployment's live prefix) a publish is announced on. */
export const PUBLISHED_SUBJECT = 'operations.published';

/** The announcement: which client's list moved to which version. */
export interface PublishedNotice {
  client: string;
  version: number;
}

/**
 * Every client's registered operations, held in memory so a request is checked without a round trip.
 * It learns of a publish twice over: a core-NATS notice (within milliseconds, on every replica) and a
 * version check against Redis every `pollMs` (a notice lost while a replica was disconnected from NATS
 * is caught there). Lists are read from Redis either way, so the notice is only a hint.
 */
export class OperationRegistry {
  private readonly lists = new Map<string, { version: number; byId: Map<string, RegisteredOperation> }>();
  private readonly listeners = new Set<(client: string, list: OperationList) => void>();
  private timer?: NodeJS.Timeout;
  private subscription?: { unsubscribe(): void };
  /** Reloads in flight, one per client: a burst of notices for one client is one read. */
  private readonly reloading = new Map<string, Promise<void>>();

  constructor(
    private readonly store: OperationStore,
    private readonly log: Logger,
    private readonly opts: { nats: NatsConnection; subject: string; pollMs: number },
  ) {}

  /** Loads every list, then follows publishes. */
  async start(): Promise<void> {
    const sub = this.opts.nats.subscribe(this.opts.subject, {
      callback: (_err, msg) => {
        try {
          const notice = JSON.parse(new TextDecoder().decode(msg.data)) as PublishedNotice;
          const behind = () => typeof notice.client === 'string' && notice.version > (this.lists.get(notice.client)?.version ?? 0);
          // A reload already in flight may have read the version before this one; read again after it.
          if (behind()) void this.reload(notice.client).then(() => (behind() ? this.reload(notice.client) : undefined));
        } catch {
          this.log.warn({ subject: this.opts.subject }, 'ignored a malformed operations notice');
        }
      },
    });
    this.subscription = sub;
    await this.opts.nats.flush();
    await this.check();
    this.timer = setInterval(() => void this.check(), this.opts.pollMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.subscription?.unsubscribe();
  }

  /** Called with each list as it is loaded or replaced (pre-planning listens). */
  onList(listener: (client: string, list: OperationList) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The operation a client registered under `id`, if any. */
  get(client: string, id: string): RegisteredOperation | undefined {
    return this.lists.get(client)?.byId.get(id);
  }

  /** Whether the client has a list at all. */
  has(client: string): boolean {
    return this.lists.has(client);
  }

  /** Whether any client registered `id`. */
  registered(id: string): boolean {
    for (const list of this.lists.values()) if (list.byId.has(id)) return true;
    return false;
  }

  /** Every registered operation once (several clients may register the same one). */
  all(): RegisteredOperation[] {
    const byId = new Map<string, RegisteredOperation>();
    for (const list of this.lists.values()) for (const op of list.byId.values()) byId.set(op.id, op);
    return [...byId.values()];
  }

  /** The version held per client, for /health. */
  versions(): Record<string, number> {
    return Object.fromEntries([...this.lists].map(([client, l]) => [client, l.version]));
  }

  /** Compares the versions in Redis with the ones held and reloads what moved. */
  async check(): Promise<void> {
    try {
      const versions = await this.store.versions(await this.store.clients());
      await Promise.all([...versions].filter(([client, v]) => v > (this.lists.get(client)?.version ?? 0)).map(([client]) => this.reload(client)));
    } catch (error) {
      // Keep serving the lists held; the next check tries again.
      this.log.error({ err: error }, 'could not check registered operations in Redis');
    }
  }

  private reload(client: string): Promise<void> {
    let running = this.reloading.get(client);
    if (!running) {
      running = this.load(client).finally(() => this.reloading.delete(client));
      this.reloading.set(client, running);
    }
    return running;
  }

  private async load(client: string): Promise<void> {
    const list = await this.store.list(client);
    if (!list || list.version <= (this.lists.get(client)?.version ?? 0)) return;
    this.lists.set(client, { version: list.version, byId: new Map(list.operations.map((o) => [o.id, o])) });
    this.log.info({ client, version: list.version, operations: list.operations.length }, 'registered operations loaded');
    for (const listener of this.listeners) listener(client, list);
  }
}
