import type { Identity } from '@qc/shared';

/** Per-request gateway context: who is calling (verified) and the id that follows the request everywhere. */
export interface GatewayContext {
  identity: Identity | null;
  requestId: string;
  /**
   * Set on requests from outside (HTTP): the operation policy applies to them. The gateway's own
   * operations (live fetches, pre-planning) run without it.
   */
  external?: boolean;
  /** The client the policy resolved (`customer-app`, `partner:acme`, `anonymous`), for logs. */
  client?: string;
  /** Filled in as the request is answered, for its access line (operation, client). */
  access?: { operation?: string; client?: string };
  /** Pre-planning: plan and execute as usual, but answer every subgraph fetch locally with nothing. */
  preplan?: boolean;
}
