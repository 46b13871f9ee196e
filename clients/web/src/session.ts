/**
 * Who is signed in: a bearer token kept for this tab (sessionStorage), and what it says about its
 * holder (read, not verified: the gateway verifies it on every request).
 */
export interface Session {
  token: string;
  role: string;
  sub: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

const KEY = 'qc.web.token';

export function readToken(token: string): Session | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { role?: unknown; sub?: unknown; exp?: unknown };
    if (typeof claims.role !== 'string' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
    return { token, role: claims.role, sub: claims.sub, expiresAt: claims.exp };
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  const session = token ? readToken(token) : null;
  return session && session.expiresAt * 1000 > Date.now() ? session : null;
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, session.token);
  else sessionStorage.removeItem(KEY);
}

/**
 * A development token from the gateway (`POST /live/dev-token`, served only with NODE_ENV=development);
 * null when this gateway does not offer them.
 */
export async function devToken(role: 'customer' | 'admin', sub: string): Promise<Session | null> {
  const res = await fetch('/live/dev-token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, sub }) });
  if (!res.ok) return null;
  const { token } = (await res.json()) as { token?: string };
  return token ? readToken(token) : null;
}
