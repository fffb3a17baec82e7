import { bearerToken, type Caller, type TokenVerifier } from '@mim/auth';
import { DomainError } from '@mim/errors';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { correlationIdFrom, requestScope, traceparentFrom } from './request-scope';

/** Per-request GraphQL context: only what the gateway verified or generated, never raw client headers. */
export interface GatewayContext {
  caller: Caller;
  /** The client's `Authorization` header, forwarded verbatim once its token has been verified. */
  authorization: string;
  correlationId: string;
  traceparent: string;
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/**
 * Builds the context or refuses the request: a missing, malformed, forged or expired token is a
 * GraphQL error with `extensions.code` UNAUTHENTICATED and HTTP status 401, before any planning.
 */
export function createContextFactory(verify: TokenVerifier) {
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    const scope = requestScope.getStore() ?? {
      correlationId: correlationIdFrom(req.get('x-correlation-id')),
      traceparent: traceparentFrom(req.get('traceparent')),
    };
    const authorization = req.get('authorization');
    const token = bearerToken(authorization);
    if (!authorization || !token) {
      throw unauthenticated('Authentication required: send an "Authorization: Bearer <token>" header');
    }
    try {
      const caller = await verify(token);
      return { caller, authorization, ...scope };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'UNAUTHENTICATED')
        throw unauthenticated(error.message);
      throw error;
    }
  };
}
