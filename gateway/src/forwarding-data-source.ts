import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './context';

/** The only headers a subgraph receives from the gateway (besides `content-type`). */
export const forwardedHeaders = ['authorization', 'x-correlation-id', 'traceparent'] as const;

/**
 * Sends subgraph requests with an allow-list of headers: the client's already verified `Authorization`
 * header (each subgraph verifies it again), the correlation id and the W3C `traceparent`. Nothing else
 * a client sent reaches a subgraph, so a forged identity header (`x-user-id`, `x-caller`) has no effect.
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = options.request.http?.headers;
    if (!headers) return;
    const names = Array.from(headers, ([name]) => name);
    for (const name of names) {
      if (name.toLowerCase() !== 'content-type') headers.delete(name);
    }
    // Health checks and schema loading carry no client context; incoming operations do.
    if (!('incomingRequestContext' in options)) return;
    const { authorization, correlationId, traceparent } = options.context;
    headers.set('authorization', authorization);
    headers.set('x-correlation-id', correlationId);
    headers.set('traceparent', traceparent);
  }
}
