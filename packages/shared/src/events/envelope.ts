import { z } from 'zod';
import type { EventEnvelope, Subject } from './subjects';

/** The envelope version this code writes and reads; a consumer dead-letters any other. */
export const ENVELOPE_VERSION = 1;

const envelopeSchema = z.object({
  id: z.string().min(1),
  subject: z.string().min(1),
  occurredAt: z.string(),
  // Envelopes written before versions existed are version 1.
  version: z.number().int().optional(),
  data: z.unknown().refine((data) => data !== undefined, 'data is missing'),
});

export type EnvelopeRead = { ok: true; event: EventEnvelope } | { ok: false; reason: string };

/**
 * Reads a JetStream message as an event envelope of `subject`, or says in one line why it is not
 * one. Never throws: whatever arrives on a subject, the consumer must be able to dead-letter it.
 */
export function readEnvelope(bytes: Uint8Array, subject: Subject): EnvelopeRead {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, reason: 'message is not JSON' };
  }
  return readEnvelopeValue(json, subject);
}

/** {@link readEnvelope} of a value already parsed from JSON (one event of a pack). */
export function readEnvelopeValue(json: unknown, subject: Subject): EnvelopeRead {
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `not an event envelope: ${describeIssues(parsed.error)}` };
  const envelope = parsed.data;
  if ((envelope.version ?? ENVELOPE_VERSION) !== ENVELOPE_VERSION) return { ok: false, reason: `unknown envelope version ${envelope.version}` };
  if (envelope.subject !== subject) return { ok: false, reason: `envelope names subject ${envelope.subject}, not ${subject}` };
  return { ok: true, event: { id: envelope.id, subject, occurredAt: envelope.occurredAt, data: envelope.data } };
}

/** zod issues as one line: `path: message; path: message`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`).join('; ');
}
