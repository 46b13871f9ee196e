import type { Redis } from '@qc/shared';
import type { ManifestOperation } from '../../../clients/persisted';

/** A registered operation, as a client's list holds it. */
export interface RegisteredOperation extends ManifestOperation {
  /** The list version that first registered it. */
  since: number;
}

/** One version of a client's list: every operation the gateway accepts from that client. */
export interface OperationList {
  client: string;
  version: number;
  publishedAt: string;
  operations: RegisteredOperation[];
}

/** What a publish changed. */
export interface PublishResult {
  version: number;
  added: string[];
  /** In the previous list, not in this manifest, and kept because a deployed app may still send them. */
  kept: string[];
  /** Dropped because the publish asked for it. */
  removed: string[];
}

/** A client's name in the store: first-party apps by name, partners as `partner:<partner_id>`. */
export const CLIENT_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}(:[a-z0-9][a-z0-9_.-]{0,62})?$/;

/** The deployment's key space for registered operations and the APQ store. */
export const operationsNamespace = (eventsPrefix: string): string => `${eventsPrefix}:operations`;

/** The store key of a partner's list. */
export const partnerClient = (partnerId: string): string => `partner:${partnerId}`;

/**
 * Registered operations in Redis, one versioned list per client. Every version is kept
 * (`<ns>:list:<client>:<version>`, JSON), `<ns>:version:<client>` points at the current one and
 * `<ns>:clients` names every client, so a gateway loads everything with a few reads and notices a new
 * version with one MGET.
 */
export class OperationStore {
  constructor(
    private readonly redis: Redis,
    /** The deployment's key space, e.g. `qc:operations`. */
    readonly namespace: string,
  ) {}

  private versionKey = (client: string) => `${this.namespace}:version:${client}`;
  private listKey = (client: string, version: number) => `${this.namespace}:list:${client}:${version}`;
  private clientsKey = () => `${this.namespace}:clients`;

  /** Every client that has a list. */
  async clients(): Promise<string[]> {
    return (await this.redis.smembers(this.clientsKey())).sort();
  }

  /** The current version of each client's list (0 when none). */
  async versions(clients: readonly string[]): Promise<Map<string, number>> {
    if (!clients.length) return new Map();
    const values = await this.redis.mget(clients.map(this.versionKey));
    return new Map(clients.map((c, i) => [c, Number(values[i] ?? 0)]));
  }

  /** A client's current list, or a given version of it; null when there is none. */
  async list(client: string, version?: number): Promise<OperationList | null> {
    const v = version ?? Number((await this.redis.get(this.versionKey(client))) ?? 0);
    if (!v) return null;
    const json = await this.redis.get(this.listKey(client, v));
    return json ? (JSON.parse(json) as OperationList) : null;
  }

  /**
   * Stores `operations` as the client's next version. Operations of the current list that the
   * manifest leaves out stay registered (an app already in people's hands may still send them)
   * unless `prune` says to drop them. Optimistic: a concurrent publish for the same client makes
   * this one retry on top of it, so neither is lost. Validate before calling: this stores as given.
   */
  async publish(client: string, operations: readonly ManifestOperation[], opts: { prune?: boolean } = {}): Promise<PublishResult> {
    if (!CLIENT_NAME.test(client)) throw new Error(`client name "${client}" must be lowercase letters, digits, . _ - (partners: partner:<id>)`);
    for (let attempt = 0; attempt < 10; attempt++) {
      await this.redis.watch(this.versionKey(client));
      const current = await this.list(client);
      const version = (current?.version ?? 0) + 1;
      const incoming = new Set(operations.map((o) => o.id));
      const previous = new Map((current?.operations ?? []).map((o) => [o.id, o]));
      const leftOut = [...previous.values()].filter((o) => !incoming.has(o.id));
      const list: OperationList = {
        client,
        version,
        publishedAt: new Date().toISOString(),
        operations: [
          ...operations.map((o) => ({ id: o.id, name: o.name, type: o.type, body: o.body, since: previous.get(o.id)?.since ?? version })),
          ...(opts.prune ? [] : leftOut),
        ],
      };
      const done = await this.redis
        .multi()
        .set(this.listKey(client, version), JSON.stringify(list))
        .set(this.versionKey(client), String(version))
        .sadd(this.clientsKey(), client)
        .exec();
      if (done) {
        return {
          version,
          added: operations.filter((o) => !previous.has(o.id)).map((o) => o.name),
          kept: opts.prune ? [] : leftOut.map((o) => o.name),
          removed: opts.prune ? leftOut.map((o) => o.name) : [],
        };
      }
    }
    throw new Error(`could not publish for ${client}: the list kept changing under this publish`);
  }
}
