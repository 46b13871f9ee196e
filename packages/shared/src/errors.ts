import { GraphQLError } from 'graphql';

/** Machine-readable error codes clients can switch on (`extensions.code`). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_STATE: 'INVALID_STATE',
  UNAVAILABLE: 'UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const appError = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError =>
  new GraphQLError(message, { extensions: { code, ...extra } });

export const badInput = (message: string, field?: string) =>
  appError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const unauthenticated = (message = 'Sign in to do this') => appError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You are not allowed to do this') => appError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string, id: string) => appError(ErrorCode.NOT_FOUND, `${what} ${id} does not exist`);
