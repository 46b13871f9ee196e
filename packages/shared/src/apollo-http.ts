import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

/**
 * Runs one HTTP request through Apollo Server and writes its answer with node's response: the part of
 * an Apollo integration the gateway and every subgraph need. Not @as-integrations/express5: its
 * `res.send` turns each answer into a Buffer, hashes it (sha1) for an ETag and checks the request's
 * freshness against it, and node then writes headers and body apart. A GraphQL answer depends on the
 * caller and the moment and is never revalidated by an ETag, so here the body goes out with `res.end`
 * as it is: one write with its headers, node counts its length. `body` is the parsed JSON body.
 */
export async function answerWithApollo<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  context: () => Promise<TContext>,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const answer = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: searchOf(req), body },
    context,
  });
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.statusCode = answer.status ?? 200;
  if (answer.body.kind === 'complete') {
    res.end(answer.body.string);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) {
    res.write(chunk);
    // A compression middleware in front buffers unless told to flush each part.
    (res as ServerResponse & { flush?: () => void }).flush?.();
  }
  res.end();
}

/**
 * A JSON answer as express's `res.json` writes it (`application/json; charset=utf-8`, compact), without
 * its ETag: one write, node counts the length.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** The query string of the request's URL with its `?` (`url.parse(url).search`), or ''. */
export function searchOf(req: Pick<IncomingMessage, 'url'>): string {
  const url = req.url ?? '';
  const hash = url.indexOf('#');
  const start = url.indexOf('?');
  if (start === -1 || (hash !== -1 && hash < start)) return '';
  return url.slice(start, hash === -1 ? undefined : hash);
}
