import { GraphQLScalarType, Kind } from 'graphql';
import { UnreadableInput } from './input';

/** ISO 8601 with a time and a zone: what the schema promises, not whatever `Date` happens to parse. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const EXPECTED = 'an ISO 8601 date-time such as 2026-12-07T10:00:00Z';

/**
 * Reads a client's date-time. A string that is not one comes back as `UnreadableInput`, which the
 * subgraph's input guard refuses as BAD_USER_INPUT naming the argument, before any resolver runs.
 */
function parseDateTime(value: unknown): Date | UnreadableInput {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return new UnreadableInput(EXPECTED, value);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? new UnreadableInput(EXPECTED, value) : date;
}

/** ISO 8601 date-times in UTC. Accepts `Date` or an ISO string from resolvers; parses input to `Date`. */
export const DateTimeScalar = new GraphQLScalarType<Date | UnreadableInput, string>({
  name: 'DateTime',
  description: 'An ISO 8601 date-time in UTC.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError(`DateTime must be ${EXPECTED}`);
    return parseDateTime(ast.value);
  },
});
