import { appError, ErrorCode } from './errors';

/**
 * An expected failure the client branches on (the state does not allow the step, the input does not
 * fit): nothing changed. A use case returns it in an `Outcome`; its mutation answers it as a member of
 * the result union; a deprecated field that predates the union throws it with `code`, as it always did.
 */
export interface Refusal<TKind extends string = string> {
  kind: TKind;
  /** Why, in words for the person using the client. */
  message: string;
  /** The code the deprecated, throwing fields answer with. */
  code: typeof ErrorCode.INVALID_STATE | typeof ErrorCode.BAD_USER_INPUT;
  /** What those fields carried in `extensions` besides the code (`field`, `status`). */
  extensions?: Record<string, unknown>;
}

/** What a use case that may refuse did: its value, or the refusal. */
export type Outcome<T, TKind extends string = string> = { ok: true; value: T } | { ok: false; refusal: Refusal<TKind> };

/** Thrown inside a use case's transaction so it rolls back; `refusable` turns it into the outcome. */
export class Refused<TKind extends string = string> extends Error {
  constructor(readonly refusal: Refusal<TKind>) {
    super(refusal.message);
  }
}

/** Runs `work`; a `Refused` it throws (after its transaction rolled back) becomes the outcome's refusal. */
export async function refusable<T, TKind extends string = string>(work: () => Promise<T>): Promise<Outcome<T, TKind>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refusal: error.refusal as Refusal<TKind> };
    throw error;
  }
}

/** The value, or the refusal thrown as the GraphQL error the fields before result unions answered. */
export function valueOrThrow<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw appError(outcome.refusal.code, outcome.refusal.message, outcome.refusal.extensions);
}
