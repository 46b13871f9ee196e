import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Identity, Logger } from '@qc/shared';
import { documentId } from '../../../clients/persisted';
import type { GatewayContext } from '../context';
import type { SubscribePolicy } from '../subscriptions/websocket';
import type { OperationRegistry } from './registry';
import { CLIENT_NAME, partnerClient, type RegisteredOperation } from './store';

/**
 * How the gateway treats a client's operations:
 * - `registered`: only the client's published list, sent by id (partners);
 * - `apq`: anything valid, with automatic persisted queries shared through Redis (mobile apps);
 * - `open`: anything valid; operations no list registers are counted and logged (development, tools).
 */
export const POLICIES = ['registered', 'apq', 'open'] as const;
export type OperationPolicy = (typeof POLICIES)[number];

/** Codes a client can switch on. The first two are Apollo's own (Router safelisting, APQ). */
export const OperationErrorCode = {
  PERSISTED_QUERY_NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  UNKNOWN_CLIENT: 'UNKNOWN_CLIENT',
} as const;

export interface PolicyConfig {
  /** First-party clients by `apollographql-client-name`. */
  clients: ReadonlyMap<string, OperationPolicy>;
  /** Every partner token (`role: partner` + `partner_id`). */
  partners: OperationPolicy;
  /** Requests that name no client (no header, no partner token); `refuse` asks them to name one. */
  anonymous: OperationPolicy | 'refuse';
}

/** Who is calling, as far as operations are concerned. */
export interface ClientRef {
  /** The list's key: the client name, or `partner:<partner_id>`. */
  name: string;
  policy: OperationPolicy;
}

const refuse = (code: keyof typeof OperationErrorCode, message: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extra, http: { status: 400 } } });

/**
 * Which client a request comes from: the verified token decides for partners (a header cannot make a
 * partner a first-party app); first-party apps name themselves with `apollographql-client-name`.
 */
export function resolveClient(config: PolicyConfig, identity: Identity | null, clientName: string | undefined): ClientRef {
  if (identity?.role === 'partner') {
    if (!identity.partnerId || !CLIENT_NAME.test(partnerClient(identity.partnerId))) {
      throw refuse('UNKNOWN_CLIENT', 'A partner token must carry a partner_id claim (lowercase letters, digits, . _ -); ask us for a new token.');
    }
    return { name: partnerClient(identity.partnerId), policy: config.partners };
  }
  if (!clientName) {
    if (config.anonymous === 'refuse') {
      throw refuse('UNKNOWN_CLIENT', `Name your app in the apollographql-client-name header (one of ${[...config.clients.keys()].join(', ')}).`);
    }
    return { name: 'anonymous', policy: config.anonymous };
  }
  const policy = config.clients.get(clientName);
  if (!policy) {
    throw refuse('UNKNOWN_CLIENT', `This gateway does not know the client "${clientName.slice(0, 64)}" (apollographql-client-name); known clients: ${[...config.clients.keys()].join(', ')}.`);
  }
  return { name: clientName, policy };
}

/** Counts of operations run under `open` that no client's list registers. */
export class UnregisteredOperations {
  private readonly seen = new Map<string, { name: string; count: number }>();
  total = 0;

  constructor(private readonly log: Logger) {}

  note(id: string, name: string, client: string): void {
    this.total += 1;
    const entry = this.seen.get(id);
    if (entry) entry.count += 1;
    else {
      // Bounded: a client sending endless distinct texts must not grow the gateway.
      if (this.seen.size < 1000) this.seen.set(id, { name, count: 1 });
      this.log.info({ client, operation: name || '(anonymous)', id }, 'unregistered operation');
    }
  }

  stats(): { total: number; distinct: number } {
    return { total: this.total, distinct: this.seen.size };
  }
}

/** What the caller's policy makes of one request, before it is parsed. */
export interface Admission {
  /** Who is calling (absent when the caller could not be told). */
  client?: ClientRef;
  /** Why the request may not run: a coded error for the client. */
  refused?: GraphQLError;
  /** The registered operation a `registered` client asked for by id: its body is what runs. */
  registered?: RegisteredOperation;
}

/**
 * The caller's policy applied to one request, over HTTP (the plugin below) and over graphql-ws
 * (subscribe messages) alike: a `registered` client runs only its list's operations, sent by id
 * (`extensions.persistedQuery.sha256Hash`), the text optional but, when sent, exactly the registered
 * one. Everything else is for the transport to run as it comes.
 */
export function admitOperation(
  config: PolicyConfig,
  registry: Pick<OperationRegistry, 'get' | 'has'>,
  identity: Identity | null,
  clientName: string | undefined,
  request: { query?: string; extensions?: Record<string, any> | null },
): Admission {
  let client: ClientRef;
  try {
    client = resolveClient(config, identity, clientName);
  } catch (error) {
    return { refused: error as GraphQLError };
  }
  if (client.policy !== 'registered') return { client };
  const hash: unknown = request.extensions?.persistedQuery?.sha256Hash;
  if (typeof hash !== 'string') {
    return { client, refused: refuse('PERSISTED_QUERY_NOT_IN_LIST', `${client.name} may only run its registered operations, sent by id in extensions.persistedQuery.sha256Hash; free-text operations are refused.`) };
  }
  const op = registry.get(client.name, hash);
  if (!op) {
    return {
      client,
      refused: refuse(
        'PERSISTED_QUERY_NOT_FOUND',
        registry.has(client.name)
          ? `No operation with id ${hash.slice(0, 64)} is registered for ${client.name}.`
          : `No operations are registered for ${client.name}; publish its manifest first (npm run operations:publish).`,
      ),
    };
  }
  if (request.query !== undefined && request.query !== op.body) {
    return { client, refused: refuse('PERSISTED_QUERY_NOT_IN_LIST', `The text sent with id ${hash.slice(0, 64)} is not the operation registered under it; send the id alone.`) };
  }
  return { client, registered: op };
}

/**
 * Applies the caller's policy before anything else happens to the request (it runs before Apollo's
 * own APQ handling, parsing and planning): a `registered` request is swapped for its registered body
 * or refused, so refused requests cost no planning and call no subgraph. The gateway's own operations
 * (live fetches, pre-planning) carry no `external` flag in their context and are not subject to it.
 *
 * Apollo Server turns an error thrown by `requestDidStart` into a bare 500, and the first hook whose
 * error becomes the response is `didResolveOperation`; so a refused request is emptied to
 * `{ __typename }` here (no APQ lookup, a trivial parse) and answered with its error there.
 */
export function operationPolicyPlugin(config: PolicyConfig, registry: OperationRegistry, unregistered: UnregisteredOperations): ApolloServerPlugin<GatewayContext> {
  const refused = (request: { query?: string; extensions?: Record<string, any> }, error: GraphQLError) => {
    request.query = '{ __typename }';
    if (request.extensions) delete request.extensions.persistedQuery;
    return {
      async didResolveOperation(): Promise<void> {
        throw error;
      },
    };
  };
  return {
    async requestDidStart({ request, contextValue }) {
      if (!contextValue.external) return;
      const admission = admitOperation(config, registry, contextValue.identity, request.http?.headers.get('apollographql-client-name') || undefined, request);
      if (admission.client) contextValue.client = admission.client.name;
      if (admission.refused) return refused(request, admission.refused);
      const op = admission.registered;
      if (op) {
        request.query = op.body;
        request.operationName ??= op.name;
        // The list answered; Apollo's APQ store must neither be asked nor learn partner operations.
        delete request.extensions!.persistedQuery;
        return;
      }
      if (admission.client?.policy !== 'open') return;
      const client = admission.client.name;
      return {
        async didResolveOperation({ document, operationName }) {
          const id = documentId(document);
          if (!registry.registered(id)) unregistered.note(id, operationName ?? '', client);
        },
      };
    },
  };
}

/**
 * The same policies for subscribe messages on the gateway's WebSocket: a partner subscribes by id
 * (`extensions.persistedQuery.sha256Hash` in the subscribe payload, with an empty `query`, which
 * graphql-ws requires to be a string) and its free text is refused before it is parsed.
 */
export function subscribePolicy(config: PolicyConfig, registry: Pick<OperationRegistry, 'get' | 'has'>): SubscribePolicy {
  return ({ identity, clientName, query, extensions }) => {
    const admission = admitOperation(config, registry, identity, clientName, { query: query === '' ? undefined : query, extensions });
    if (admission.refused) {
      // The same code and message as over HTTP, without the HTTP status a socket has no use for.
      return { errors: [new GraphQLError(admission.refused.message, { extensions: { code: admission.refused.extensions.code } })] };
    }
    const op = admission.registered;
    return op ? { query: op.body, operationName: op.name } : { query };
  };
}
