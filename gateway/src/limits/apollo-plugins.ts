import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, OperationTypeNode, type DocumentNode } from 'graphql';
import type { GatewayContext } from '../context';
import type { RejectionListener } from './limit-error';
import { mutationsIn, type MutationRateLimiter } from './rate-limit';
import { tooManyTokensFrom } from './token-limit';

/** Apollo Server answers with the status (and headers) found in a thrown error's `extensions.http`. */
function withHttp(error: GraphQLError, status: number, headers: [string, string][] = []): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: { ...error.extensions, http: { status, headers: new HeaderMap(headers) } },
  });
}

/**
 * After the operation is known and before anything executes: page sizes (and the cost they imply) given
 * through variables, answered with HTTP 400; then, for a mutation, the caller's rate limit (one unit per
 * root field), answered with HTTP 429 and `Retry-After`. A refused operation reaches no subgraph.
 */
export function operationChecksPlugin(checks: {
  checkVariables(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
  ): GraphQLError | null;
  mutationRateLimiter: MutationRateLimiter;
}): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        async didResolveOperation({ document, operation, request, contextValue }) {
          const refused = checks.checkVariables(document, request.operationName, request.variables);
          if (refused) throw withHttp(refused, 400);
          if (operation?.operation !== OperationTypeNode.MUTATION) return;
          const limited = await checks.mutationRateLimiter.consume(
            contextValue.caller.subject,
            mutationsIn(operation, document),
          );
          if (!limited) return;
          const retryAfter = limited.extensions.retryAfterSeconds;
          throw withHttp(
            limited,
            429,
            typeof retryAfter === 'number' ? [['retry-after', `${retryAfter}`]] : [],
          );
        },
      });
    },
  };
}

/**
 * Counts documents refused for their length. Apollo reports graphql-js's token overflow as
 * GRAPHQL_PARSE_FAILED; `limitErrorOf` (used by the gateway's formatError) turns it into TOO_MANY_TOKENS.
 */
export function tokenLimitPlugin(onReject: RejectionListener): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        parsingDidStart() {
          return Promise.resolve((error?: Error) => {
            const refused = tooManyTokensFrom(error);
            if (refused) onReject('tokens', refused);
            return Promise.resolve();
          });
        },
      });
    },
  };
}
