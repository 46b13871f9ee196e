import type { Identity } from '@qc/shared';

/** Per-request gateway context: who is calling (verified) and the id that follows the request everywhere. */
export interface GatewayContext {
  identity: Identity | null;
  requestId: string;
}
