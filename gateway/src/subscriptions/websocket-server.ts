import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { type Caller, type TokenVerifier, bearerToken } from '@mim/auth';
import type { Logger, ServiceMetrics } from '@mim/observability';
import {
  type ExecutionArgs,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  print,
  specifiedRules,
  validate,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { GatewayContext } from '../context';
import type { GatewayEnv } from '../env';
import { type OperationLimits, parseWithLimits } from '../limits';
import { traceparentFrom } from '../request-scope';
import type { OperationExecutor } from './operation-executor';
import type { SubscriptionHub } from './subscription-hub';

/** Close codes beside graphql-ws's own (4400-4499 mirror HTTP statuses, as graphql-ws does). */
export const socketCloseCodes = {
  unauthenticated: CloseCode.Unauthorized,
  tooManyConnections: 4429,
} as const;

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  path: string;
  env: GatewayEnv;
  logger: Logger;
  metrics: ServiceMetrics;
  verify: TokenVerifier;
  limits: OperationLimits;
  /** The federated API schema, once loaded. */
  apiSchema(): GraphQLSchema | null;
  hub: SubscriptionHub;
  execute: OperationExecutor;
}

interface Connection {
  caller: Caller;
  authorization: string;
}

/** The longest delay setTimeout accepts; a token valid for longer is re-armed when it fires. */
const maxTimerMs = 2_147_483_647;

function authorizationFrom(
  params: Readonly<Record<string, unknown>> | undefined,
  request: http.IncomingMessage,
) {
  const fromParams = params?.authorization ?? params?.Authorization;
  if (typeof fromParams === 'string') return fromParams;
  return request.headers.authorization;
}

function coded(error: GraphQLError, code: string): GraphQLFormattedError {
  const formatted = error.toJSON();
  return { ...formatted, extensions: { ...formatted.extensions, code: formatted.extensions?.code ?? code } };
}

/**
 * graphql-ws on the gateway's own port and path. The token is verified in `connection_init` (connection
 * params `authorization: "Bearer <jwt>"`, or the upgrade request's header) with the same verifier as
 * HTTP, and the socket is closed with 4401 the moment it expires. Every operation on the socket passes
 * the same parse limits and validation rules as HTTP; queries and mutations run through Apollo's own
 * pipeline; subscriptions go to the hub.
 */
export function attachSubscriptionServer(options: SubscriptionServerOptions) {
  const { env, logger, metrics, limits } = options;
  const connections = new WeakMap<WebSocket, Connection>();
  const perIdentity = new Map<string, number>();
  const webSocketServer = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: env.MAX_BODY_BYTES,
  });

  const close = (socket: WebSocket, code: number, reason: string) => {
    // A close reason is limited to 123 bytes by the WebSocket protocol.
    socket.close(code, reason.slice(0, 120));
  };

  const armExpiry = (socket: WebSocket, expiresAt: number) => {
    const remaining = expiresAt * 1000 - Date.now();
    if (remaining <= 0) {
      close(socket, socketCloseCodes.unauthenticated, 'UNAUTHENTICATED: token expired');
      return undefined;
    }
    return setTimeout(() => armExpiry(socket, expiresAt), Math.min(remaining, maxTimerMs));
  };

  const disposable = useServer<Record<string, unknown>, { socket: WebSocket; request: http.IncomingMessage }>(
    {
      connectionInitWaitTimeout: env.WS_CONNECTION_INIT_TIMEOUT_MS,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const authorization = authorizationFrom(ctx.connectionParams, request);
        const token = bearerToken(authorization);
        if (!authorization || !token) {
          close(
            socket,
            socketCloseCodes.unauthenticated,
            'UNAUTHENTICATED: send connectionParams.authorization',
          );
          return false;
        }
        let caller: Caller;
        try {
          caller = await options.verify(token);
        } catch {
          close(socket, socketCloseCodes.unauthenticated, 'UNAUTHENTICATED: invalid or expired token');
          return false;
        }
        const open = perIdentity.get(caller.subject) ?? 0;
        if (open >= env.WS_MAX_CONNECTIONS_PER_IDENTITY) {
          metrics.limitRejections.inc({ limit: 'connections_per_identity' });
          close(
            socket,
            socketCloseCodes.tooManyConnections,
            `TOO_MANY_CONNECTIONS: at most ${env.WS_MAX_CONNECTIONS_PER_IDENTITY} per identity`,
          );
          return false;
        }
        perIdentity.set(caller.subject, open + 1);
        connections.set(socket, { caller, authorization });
        metrics.websocketConnections.inc();
        let expiry = armExpiry(socket, caller.expiresAt);
        socket.once('close', () => {
          if (expiry) clearTimeout(expiry);
          expiry = undefined;
          const left = (perIdentity.get(caller.subject) ?? 1) - 1;
          if (left > 0) perIdentity.set(caller.subject, left);
          else perIdentity.delete(caller.subject);
          metrics.websocketConnections.dec();
        });
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        const connection = connections.get(ctx.extra.socket);
        if (!connection)
          return [new GraphQLError('Not authenticated', { extensions: { code: 'UNAUTHENTICATED' } })];
        // graphql-ws registers the operation before this hook, so the count includes it.
        if (Object.keys(ctx.subscriptions).length > env.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          metrics.limitRejections.inc({ limit: 'subscriptions_per_connection' });
          return [
            new GraphQLError(`At most ${env.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION} operations per connection`, {
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
            }),
          ];
        }
        const schema = options.apiSchema();
        if (!schema) {
          return [
            new GraphQLError('The gateway is starting', { extensions: { code: 'SERVICE_UNAVAILABLE' } }),
          ];
        }
        const document = parseWithLimits(payload.query, limits);
        if (!('kind' in document)) return document;
        const errors = validate(schema, document, [...specifiedRules, ...limits.validationRules], {
          hideSuggestions: limits.hideSchemaDetails,
        });
        if (errors.length > 0) return errors;
        const variableError = limits.checkVariables(
          document,
          payload.operationName ?? undefined,
          payload.variables ?? undefined,
        );
        if (variableError) return [variableError];
        const contextValue: GatewayContext = {
          caller: connection.caller,
          authorization: connection.authorization,
          correlationId: randomUUID(),
          traceparent: traceparentFrom(undefined),
        };
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue,
        } satisfies ExecutionArgs;
      },
      subscribe: (args) => {
        const context = args.contextValue as GatewayContext;
        return options.hub.subscribe({
          schema: args.schema,
          document: args.document,
          operationName: args.operationName,
          variableValues: args.variableValues,
          caller: context.caller,
          authorization: context.authorization,
        }) as never;
      },
      execute: (args) =>
        options.execute(
          {
            query: print(args.document),
            variables: args.variableValues ?? {},
            operationName: args.operationName ?? null,
          },
          args.contextValue as GatewayContext,
        ) as never,
      // Payloads are already formatted (masked, coded) by Apollo's formatError or the hub.
      onNext: (_ctx, _id, _payload, _args, result) => result,
      onError: (_ctx, _id, _payload, errors) => {
        const formatted = errors.map((error) => coded(error, 'GRAPHQL_VALIDATION_FAILED'));
        for (const error of formatted) metrics.graphqlErrors.inc({ code: String(error.extensions?.code) });
        return formatted;
      },
    },
    webSocketServer,
  );

  webSocketServer.on('error', (error) => logger.error({ err: error }, 'WebSocket server error'));

  return {
    async close(): Promise<void> {
      await disposable.dispose();
    },
  };
}
