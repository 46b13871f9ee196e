import { badInput } from './errors';

/** Cursor pagination arguments after validation. */
export interface PageArgs {
  first: number;
  after: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Opaque cursors: base64url of a JSON value (usually the sort key of the last row). */
export const encodeCursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput('after is not a cursor this API returned', 'after');
  }
  if (!isValid(value)) throw badInput('after is not a cursor this API returned', 'after');
  return value;
}

/** Validates `first`: a negative or oversized page is a client error, not a silent clamp. */
export function pageArgs(first: number | null | undefined, after: string | null | undefined): PageArgs {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0) throw badInput('first must be zero or more', 'first');
  if (size > MAX_PAGE_SIZE) throw badInput(`first must be at most ${MAX_PAGE_SIZE}`, 'first');
  return { first: size, after: after ?? null };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Builds a connection from `first + 1` fetched rows: the extra row only says whether there is a next page. */
export function toConnection<T>(rows: T[], first: number, totalCount: number, cursorOf: (row: T) => unknown): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
