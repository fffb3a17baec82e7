import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Caller, type TokenVerifier, bearerToken } from '@mim/auth';
import { DomainError } from '@mim/errors';
import type { Logger } from '@mim/observability';
import { GraphQLError } from 'graphql';

/** What every resolver gets, in every service. Services extend it with their use cases and loaders. */
export interface BaseContext {
  caller: Caller;
  correlationId: string;
  traceparent: string | null;
  logger: Logger;
}

const correlationIdPattern = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * Builds identity from a verified bearer token only. A subgraph refuses any request without one,
 * `_entities` included, so it is never a back door around the gateway.
 */
export async function contextFromRequest(
  request: IncomingMessage,
  verify: TokenVerifier,
  logger: Logger,
): Promise<BaseContext> {
  const header = request.headers['x-correlation-id'];
  const correlationId =
    typeof header === 'string' && correlationIdPattern.test(header) ? header : randomUUID();
  const traceparent = typeof request.headers.traceparent === 'string' ? request.headers.traceparent : null;
  const token = bearerToken(request.headers.authorization);
  if (!token) throw unauthenticated('Authentication required', correlationId);
  try {
    const caller = await verify(token);
    return {
      caller,
      correlationId,
      traceparent,
      logger: logger.child({ correlationId, caller: caller.subject }),
    };
  } catch (error) {
    throw unauthenticated(
      error instanceof DomainError ? error.message : 'Authentication failed',
      correlationId,
    );
  }
}

function unauthenticated(message: string, correlationId: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', correlationId, http: { status: 401 } },
  });
}
