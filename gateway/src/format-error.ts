import {
  ApolloServerErrorCode,
  ApolloServerValidationErrorCode,
  unwrapResolverError,
} from '@apollo/server/errors';
import { isErrorCode } from '@mim/errors';
import type { ServiceMetrics } from '@mim/observability';
import type { Logger } from '@mim/observability';
import type { GraphQLFormattedError } from 'graphql';
import { limitErrorOf } from './limits';
import { requestScope } from './request-scope';

/**
 * Request-level codes Apollo Server itself produces for a client's mistake (unparsable document, failed
 * validation, malformed HTTP request). They are not in the domain registry but are safe and useful to
 * show, so they pass through like the registry's codes.
 */
const apolloClientErrorCodes: ReadonlySet<string> = new Set([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerValidationErrorCode.INTROSPECTION_DISABLED,
]);

/**
 * Extensions never shown to clients, even on an expected error (`response` is Apollo Gateway's copy of a
 * subgraph's HTTP response, internal URL included).
 */
const privateExtensions = new Set(['stacktrace', 'exception', 'http', 'response']);

export const internalErrorMessage = 'Internal server error';

/**
 * Apollo's `formatError`: an error whose `extensions.code` is in the `@mim/errors` registry (a subgraph's
 * domain error, UNAUTHENTICATED from the context, an operation limit's refusal, SUBGRAPH_UNAVAILABLE) or
 * is one of Apollo's client-error codes is shown as is, minus private extensions. Anything else (a
 * subgraph's INTERNAL_SERVER_ERROR, a subgraph answering garbage, a bug in the gateway) is masked as
 * INTERNAL_SERVER_ERROR carrying the request's correlation id, and logged in full under that id. Every
 * error is counted by its final code.
 */
export function createErrorFormatter(logger: Logger, metrics: ServiceMetrics) {
  return (original: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Apollo reports a limit's refusal as GRAPHQL_VALIDATION_FAILED / GRAPHQL_PARSE_FAILED; show its own code.
    const limited = limitErrorOf(error);
    const formatted: GraphQLFormattedError = limited
      ? {
          ...original,
          message: limited.message,
          extensions: { ...original.extensions, ...limited.extensions },
        }
      : original;
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      if (isErrorCode(code) || apolloClientErrorCodes.has(code)) {
        metrics.graphqlErrors.inc({ code });
        return {
          ...formatted,
          extensions: Object.fromEntries(
            Object.entries(formatted.extensions ?? {}).filter(([key]) => !privateExtensions.has(key)),
          ),
        };
      }
    }

    const correlationId = requestScope.getStore()?.correlationId ?? 'unknown';
    // A subgraph that already masked its own failure sends its correlation id (the one we forwarded).
    logger.error(
      {
        correlationId,
        err: unwrapResolverError(error),
        path: formatted.path,
        code,
        serviceName: formatted.extensions?.serviceName,
      },
      `GraphQL error masked as INTERNAL_SERVER_ERROR: ${formatted.message}`,
    );
    metrics.graphqlErrors.inc({ code: 'INTERNAL_SERVER_ERROR' });
    return {
      message: internalErrorMessage,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
    };
  };
}
