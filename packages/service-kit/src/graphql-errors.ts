import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, isErrorCode } from '@mim/errors';
import type { GraphQLFormattedError } from 'graphql';

/** True for failures we expect and explain to clients; anything else is masked and logged. */
export function isExpectedError(formatted: GraphQLFormattedError, error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return true;
  const code = formatted.extensions?.code;
  return isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR';
}

/**
 * Stable codes for expected failures (with their details, e.g. the invalid fields); one generic message
 * for everything else, so internals never leak. The correlation id is added when the response is sent.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return {
      message: original.message,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { ...original.details, code: original.code },
    };
  }
  if (isExpectedError(formatted, error)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
