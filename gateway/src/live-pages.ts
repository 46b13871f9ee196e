import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Logger, Role } from '@qc/shared';
import { signDevToken } from './auth';

/** The roles the live pages are for: customers follow their order, admins watch the city. */
const PAGE_ROLES: readonly Role[] = ['customer', 'admin'];
const SUBJECT = /^[A-Za-z0-9_-]{1,64}$/;

export interface LivePagesOptions {
  /** The built pages (index.html and assets); nothing is served when it does not exist. */
  dir: string;
  /**
   * Development only: the secret `POST /live/dev-token` signs with, so the pages' sign-in picker works
   * without `npm run token`. It is the published development secret, so this gives nothing away.
   */
  devTokenSecret?: string;
  /** The longest a token may live (the gateway's `JWT_MAX_LIFETIME_SECONDS`). */
  maxLifetimeSeconds: number;
  log: Logger;
}

/**
 * Serves the live pages (order tracking, operations map) at `/live/`, beside Sandbox: same origin as
 * `/graphql`, so the pages need no CORS entry and reach the WebSocket at the same address. Routing is
 * in the URL's fragment, so every page is `/live/index.html`.
 */
export function serveLivePages(app: Express, opts: LivePagesOptions): boolean {
  if (!existsSync(join(opts.dir, 'index.html'))) {
    opts.log.info({ dir: opts.dir }, 'live pages not built (npm run build -w @qc/web); /live is off');
    return false;
  }
  if (opts.devTokenSecret) {
    const secret = opts.devTokenSecret;
    app.post('/live/dev-token', express.json({ limit: '1kb' }), async (req, res) => {
      const { role, sub } = (req.body ?? {}) as { role?: unknown; sub?: unknown };
      if (typeof role !== 'string' || !PAGE_ROLES.includes(role as Role) || typeof sub !== 'string' || !SUBJECT.test(sub)) {
        res.status(400).json({ error: `role must be ${PAGE_ROLES.join(' or ')} and sub 1–64 letters, digits, _ or -` });
        return;
      }
      const hours = Math.max(1, Math.min(12, Math.floor(opts.maxLifetimeSeconds / 3600)));
      res.json({ token: await signDevToken(secret, { role: role as Role, sub, expiresIn: `${hours}h` }) });
    });
  }
  app.use('/live', express.static(opts.dir, { index: 'index.html', fallthrough: false }));
  return true;
}
