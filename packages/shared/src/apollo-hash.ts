import { createRequire } from 'node:module';
import { createHash as cryptoHash, hash as oneShotHash, type BinaryToTextEncoding } from 'node:crypto';

/** The shape of `@apollo/utils.createhash`'s module: what Apollo Server calls for every request's query. */
interface CreateHashModule {
  createHash: (kind: string) => { update(data: string | Uint8Array): unknown; digest(encoding: 'hex'): string };
}

/** How many query texts' hashes are remembered; a gateway and its subgraphs see a few hundred at most. */
const REMEMBERED = 1000;
/**
 * Only texts up to this many characters are remembered, so the memory stays bounded (≈ 16 MB at most)
 * whatever a client sends: a gateway takes bodies of up to 1 MB, and a thousand distinct large ones
 * must not stay in memory. Longer texts are hashed each time, as before.
 */
const REMEMBERED_LENGTH = 8192;

/**
 * The hex sha256 of a string, remembered per text. Apollo Server hashes every request's query (its
 * parsed-document cache key, and the gateway's query-plan key), and the gateway and subgraphs are
 * sent the same few texts over and over: a map lookup instead of a hash per request.
 */
const remembered = new Map<string, string>();
export function sha256Hex(text: string): string {
  if (text.length > REMEMBERED_LENGTH) return oneShotHash('sha256', text, 'hex');
  let digest = remembered.get(text);
  if (digest === undefined) {
    digest = oneShotHash('sha256', text, 'hex');
    if (remembered.size >= REMEMBERED) remembered.clear();
    remembered.set(text, digest);
  }
  return digest;
}

/**
 * A hash as `createHash(kind)` gives one, for what Apollo does with it (`update(text)…digest('hex')`):
 * string updates are joined and a sha256 of them is `sha256Hex`'s; any other kind, input or encoding
 * goes to node's hash with the same updates, so the digest is always node's.
 */
class TextHash {
  private text = '';
  private binary?: ReturnType<typeof cryptoHash>;

  constructor(private readonly kind: string) {}

  update(data: string | Uint8Array): this {
    if (this.binary) this.binary.update(data);
    else if (typeof data === 'string') this.text += data;
    else this.binary = cryptoHash(this.kind).update(this.text).update(data);
    return this;
  }

  digest(encoding?: BinaryToTextEncoding): string | Buffer {
    if (!this.binary && encoding === 'hex' && this.kind === 'sha256') return sha256Hex(this.text);
    const hash = this.binary ?? cryptoHash(this.kind).update(this.text);
    return encoding === undefined ? hash.digest() : hash.digest(encoding);
  }
}

let installed = false;

/**
 * Makes Apollo Server's per-request query hash cheap, once per process. `@apollo/utils.createhash`
 * (the copy `@apollo/server` loads) did `module.require('crypto')` on every call, then a streaming
 * sha256 of the query: 3–4 % of the gateway's CPU on `{ __typename }`, ~2 % of a subgraph's, for the
 * same few texts each time. Its `createHash` is a plain property of a CommonJS module that Apollo reads
 * at each call, so replacing it reaches every caller of that copy; the digests are unchanged.
 */
export function rememberApolloQueryHashes(): void {
  if (installed) return;
  installed = true;
  const fromApollo = createRequire(require.resolve('@apollo/server'));
  const module = fromApollo('@apollo/utils.createhash') as CreateHashModule;
  module.createHash = (kind: string) => new TextHash(kind) as unknown as ReturnType<CreateHashModule['createHash']>;
}
