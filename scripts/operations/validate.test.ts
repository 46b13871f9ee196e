import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse } from 'graphql';
import { CLIENT_NAMES, manifestPath } from '../../clients/clients';
import { documentId, operationBody, operationId } from '../../clients/persisted';
import * as customerApp from '../../clients/customer-app/__generated__/graphql';
import { brokenClientOperations, schemaChanges } from '../operations-check';
import { manifestProblems } from './validate';

const apiSdl = readFileSync(join(__dirname, '..', '..', 'schema', 'api.graphql'), 'utf8');
const schema = buildSchema(apiSdl);
const manifestOf = (client: (typeof CLIENT_NAMES)[number]) => JSON.parse(readFileSync(manifestPath(client), 'utf8'));
const body = 'query Cats { categories { id name } }';
const op = (overrides: Record<string, unknown> = {}) => ({ id: operationId(body), name: 'Cats', type: 'query', body, ...overrides });
const manifest = (...operations: unknown[]) => ({ format: 'apollo-persisted-query-manifest', version: 1, operations });
/** The API schema without `Eta.minutesRemaining` (and its docstring), which three customer-app operations read. */
const withoutMinutesRemaining = () => buildSchema(apiSdl.replace(/\n\s*"""[^"]*"""\n\s*minutesRemaining: Int!/, ''));

describe('documentId', () => {
  it('when asked again for the same document, or for another parse of the same text, then it is the operationId of the body', () => {
    const document = parse('query Cats {  categories { name id } }');
    expect(documentId(document)).toBe(operationId(operationBody(document)));
    expect(documentId(document)).toBe(documentId(document));
    expect(documentId(parse('query Cats { categories { name id } }'))).toBe(documentId(document));
  });
});

describe('the operation check', () => {
  it('when the schema is the committed one, then every committed client operation validates', () => {
    expect(brokenClientOperations(schema)).toEqual([]);
  });

  it('when a field a client uses is removed, then the check names the client, every operation using it and the field', () => {
    const broken = brokenClientOperations(withoutMinutesRemaining());
    expect(broken.map((p) => `${p.client} ${p.operation}`).sort()).toEqual([
      'customer-app FollowCourier',
      'customer-app FollowOrder',
      'customer-app OrderDetails',
      'web WebCourierPosition',
      'web WebTrackedOrder',
    ]);
    expect(broken.every((p) => p.reason.includes('"minutesRemaining" on type "Eta"'))).toBe(true);
  });

  it('when a field is removed, then the inspector lists it as a breaking change', async () => {
    expect(await schemaChanges(schema, withoutMinutesRemaining())).toEqual([expect.stringMatching(/^BREAKING .*minutesRemaining.*Eta/)]);
  });
});

describe('the generated client contract', () => {
  it.each(CLIENT_NAMES)('when %s is generated, then its manifest is valid against the API schema', (client) => {
    expect(manifestProblems(client, schema, manifestOf(client))).toEqual([]);
  });

  it("when a typed document is printed, then its body's SHA-256 is both its embedded hash and its manifest id", () => {
    const doc = customerApp.PlaceOrderDocument as unknown as { __meta__: { hash: string } };
    const body = operationBody(customerApp.PlaceOrderDocument);
    expect(operationId(body)).toBe(doc.__meta__.hash);
    expect(manifestOf('customer-app').operations).toContainEqual({ id: doc.__meta__.hash, name: 'PlaceOrder', type: 'mutation', body });
  });
});

describe('a manifest to publish', () => {
  const refuse = (m: unknown) => manifestProblems('partner:acme', schema, m).map((p) => `${p.operation}: ${p.reason}`);

  it('when it is well formed and valid, then it has no problems', () => {
    expect(refuse(manifest(op()))).toEqual([]);
  });

  it('when it is not a manifest at all, then it is refused as a whole', () => {
    expect(refuse({ operations: [op()] })).toEqual([expect.stringMatching(/^\(manifest\): not an Apollo persisted-query manifest/)]);
    expect(refuse(manifest())).toEqual(['(manifest): it lists no operations']);
  });

  it('when an operation uses a field the schema lacks, then that operation and the field are named', () => {
    const bad = 'query Cats { categories { id colour } }';
    expect(refuse(manifest(op({ body: bad, id: operationId(bad) })))).toEqual(['Cats: Cannot query field "colour" on type "Category".']);
  });

  it('when an id was tampered with or is not a hash, then that operation is refused', () => {
    expect(refuse(manifest(op({ id: operationId(body).replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) })))).toEqual([
      expect.stringMatching(/^Cats: id [0-9a-f]{64} is not the SHA-256 of its body/),
    ]);
    expect(refuse(manifest(op({ id: 'abc' })))).toEqual(['Cats: id "abc" is not a SHA-256 in lowercase hex']);
  });

  it('when an id or a name appears twice, then every copy is named', () => {
    expect(refuse(manifest(op(), op()))).toEqual([
      `Cats: id ${operationId(body)} appears more than once`,
      'Cats: the name Cats appears more than once',
      `Cats: id ${operationId(body)} appears more than once`,
      'Cats: the name Cats appears more than once',
    ]);
  });

  it('when the name, the type or the number of operations disagree with the body, then it says which', () => {
    const two = 'query A { categories { id } } query B { stores { id } }';
    expect(refuse(manifest(op({ name: 'Other' })))).toEqual(['Other: body names the operation Cats, the manifest Other']);
    expect(refuse(manifest(op({ type: 'mutation' })))).toEqual(['Cats: type is "mutation" but the body is a query']);
    expect(refuse(manifest(op({ body: two, id: operationId(two) })))).toEqual(['Cats: body must hold exactly one operation (it holds 2)']);
    expect(refuse(manifest(op({ body: 'query {', id: operationId('query {') })))).toEqual([expect.stringMatching(/^Cats: body does not parse: Syntax Error/)]);
  });
});
