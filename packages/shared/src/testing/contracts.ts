import { randomUUID } from 'node:crypto';
import Ajv from 'ajv';
import { z } from 'zod';
import type { EventEnvelope, Subject } from '../events/subjects';
import { EVENT_CONTRACTS, type DurableSubject, type EventPayload } from '../events/contracts/catalogue';

/** The committed form of the catalogue: per subject, its publisher, JSON Schema and example. */
export type ContractSnapshot = Partial<Record<Subject, { owner: string; live: boolean; schema: Record<string, unknown>; example: unknown }>>;

const subjects = () => Object.keys(EVENT_CONTRACTS) as Subject[];

/**
 * The catalogue as JSON. Schemas are written as their consumers read them (`io: 'input'`: unknown
 * fields allowed, as zod's objects strip them), so a payload valid against the snapshot is one a
 * consumer built on it can read.
 */
export function contractSnapshot(): ContractSnapshot {
  const out: ContractSnapshot = {};
  for (const subject of subjects()) {
    const contract = EVENT_CONTRACTS[subject];
    out[subject] = { owner: contract.owner, live: contract.live, schema: z.toJSONSchema(contract.schema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>, example: contract.example };
  }
  return out;
}

// Formats are not checked (`date-time` is also a pattern in zod's output); one compiler for all schemas.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

/** Why a consumer built on `committed` could not read `payload` of `subject` (empty: it could). */
export function unreadableBy(committed: ContractSnapshot, subject: Subject, payload: unknown): string[] {
  const schema = committed[subject]?.schema;
  if (!schema) return [];
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  return validate(payload) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(payload)'} ${e.message}`);
}

/**
 * Changes to the catalogue that break a reader, against the committed snapshot: a payload publishers
 * now send that consumers built on the committed contract cannot read, or a committed example (events
 * still in the stream) that today's consumers cannot parse, or a subject that disappeared.
 */
export function incompatibilities(committed: ContractSnapshot): string[] {
  const problems: string[] = [];
  for (const subject of Object.keys(committed) as Subject[]) {
    const contract = EVENT_CONTRACTS[subject];
    if (!contract) {
      problems.push(`${subject}: no longer in the catalogue`);
      continue;
    }
    for (const issue of unreadableBy(committed, subject, contract.example)) problems.push(`${subject}: committed consumers cannot read what is published now: ${issue}`);
    if (!contract.schema.safeParse(committed[subject]!.example).success) problems.push(`${subject}: events published under the committed contract no longer parse`);
  }
  return problems;
}

/** The contract's example payload of `subject` with `overrides`: a valid payload for a test to publish. */
export const examplePayload = <S extends Subject>(subject: S, overrides: Partial<EventPayload<S>> = {}): EventPayload<S> =>
  ({ ...structuredClone(EVENT_CONTRACTS[subject].example), ...overrides }) as EventPayload<S>;

/** A whole event of `subject` (fresh id, now) around `examplePayload(subject, overrides)`. */
export const exampleEvent = <S extends DurableSubject>(subject: S, overrides: Partial<EventPayload<S>> = {}, id: string = randomUUID()): EventEnvelope<EventPayload<S>> => ({
  id,
  subject,
  occurredAt: new Date().toISOString(),
  data: examplePayload(subject, overrides),
});
