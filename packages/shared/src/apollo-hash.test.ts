import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { rememberApolloQueryHashes, sha256Hex } from './apollo-hash';

const apolloCreateHash = () =>
  (createRequire(require.resolve('@apollo/server'))('@apollo/utils.createhash') as { createHash: (kind: string) => { update(d: string | Uint8Array): { update(d: string | Uint8Array): unknown; digest(e?: string): unknown }; digest(e?: string): unknown } }).createHash;

describe('rememberApolloQueryHashes', () => {
  const query = 'query Product($id: ID!) { product(id: $id) { name price } }';
  const node = (kind: string, ...parts: (string | Uint8Array)[]) => {
    const hash = createHash(kind);
    for (const part of parts) hash.update(part);
    return hash;
  };

  beforeAll(() => rememberApolloQueryHashes());

  it("replaces the createHash Apollo Server calls, with node's digests", () => {
    const create = apolloCreateHash();
    expect(create('sha256').update(query).digest('hex')).toBe(node('sha256', query).digest('hex'));
    // The gateway's query-plan key: two updates.
    expect((create('sha256').update('abc') as ReturnType<typeof create>).update('Product').digest('hex')).toBe(node('sha256', 'abcProduct').digest('hex'));
    // A second time from what it remembers, still the same digest.
    expect(create('sha256').update(query).digest('hex')).toBe(node('sha256', query).digest('hex'));
  });

  it("hands other kinds, bytes and encodings to node's hash", () => {
    const create = apolloCreateHash();
    expect(create('sha1').update(query).digest('hex')).toBe(node('sha1', query).digest('hex'));
    expect(create('sha256').update(query).digest('base64')).toBe(node('sha256', query).digest('base64'));
    expect(create('sha256').update(query).digest()).toEqual(node('sha256', query).digest());
    const bytes = Buffer.from([0, 255, 7]);
    expect((create('sha256').update('a') as ReturnType<typeof create>).update(bytes).digest('hex')).toBe(node('sha256', 'a', bytes).digest('hex'));
  });

  it('gives the same hex sha256 for a text too long to remember', () => {
    const text = `{ __typename } # ${'x'.repeat(20_000)}`;
    expect(sha256Hex(text)).toBe(node('sha256', text).digest('hex'));
  });

  it('gives the same hex sha256 for a text from its memory as computed', () => {
    const text = `{ __typename } # ${Math.random()}`;
    expect(sha256Hex(text)).toBe(node('sha256', text).digest('hex'));
    expect(sha256Hex(text)).toBe(node('sha256', text).digest('hex'));
  });
});
