import type { ApolloServer } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from '../context';

export interface OperationRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string | null;
}

/** Runs one operation through the gateway's own pipeline (limits, federation planner, error masking). */
export type OperationExecutor = (
  request: OperationRequest,
  context: GatewayContext,
) => Promise<FormattedExecutionResult>;

/**
 * Apollo Server's `executeOperation` is the same path an HTTP request takes after the transport: plugins,
 * validation rules, the gateway's query planner and fetches to subgraphs with the caller's token, and
 * `formatError`. Subscription payloads and operations sent over the socket all go through it, so the
 * rules for a socket are the rules for HTTP.
 */
export function createOperationExecutor(server: ApolloServer<GatewayContext>): OperationExecutor {
  return async (request, context) => {
    const response = await server.executeOperation(
      {
        query: request.query,
        variables: request.variables,
        ...(request.operationName ? { operationName: request.operationName } : {}),
      },
      { contextValue: context },
    );
    if (response.body.kind !== 'single') {
      return {
        errors: [{ message: 'Incremental delivery is not supported', extensions: { code: 'BAD_REQUEST' } }],
      };
    }
    const { data, errors } = response.body.singleResult;
    return {
      ...(data !== undefined ? { data } : {}),
      ...(errors ? { errors } : {}),
    };
  };
}
