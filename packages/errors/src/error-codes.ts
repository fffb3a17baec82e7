/**
 * The one registry of error codes a client can see in `extensions.code`.
 * Codes are a public contract: add new ones, never rename or reuse one.
 */
export const errorCodes = {
  BAD_USER_INPUT: 'An argument failed validation; nothing was changed.',
  UNAUTHENTICATED: 'No valid identity was presented (missing, expired or forged token).',
  FORBIDDEN: 'The caller is known but not allowed to do this.',
  NOT_FOUND: 'The referenced record does not exist or is not visible to the caller.',
  CONFLICT: 'The record changed since the caller read it (stale expected version).',
  INVALID_TRANSITION: 'The requested state change is not allowed from the current state.',
  GRAPHQL_PARSE_FAILED: 'The document is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The document does not match the schema.',
  BAD_REQUEST: 'The HTTP request is malformed (e.g. missing query, CSRF protection).',
  INTERNAL_SERVER_ERROR: 'An unexpected failure; details are logged under the correlation id.',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorCodes, value);
}
