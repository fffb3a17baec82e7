import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { TokenVerifier } from '@mim/auth';
import type { Logger, ServiceMetrics } from '@mim/observability';
import express, { type Express } from 'express';
import type { DocumentNode } from 'graphql';
import { formatGraphQLError, isExpectedError } from './graphql-errors';
import { type BaseContext, contextFromRequest } from './request-context';
import { gatewayOnlySubscriptionsPlugin } from './gateway-only-subscriptions';

export interface SubgraphServerOptions<TContext extends BaseContext> {
  service: string;
  typeDefs: DocumentNode[];
  resolvers: GraphQLResolverMap<TContext>;
  verifier: TokenVerifier;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Named checks for `/readyz`; each throws when its dependency is not usable. */
  readiness: Record<string, () => Promise<void>>;
  /** Informational checks reported on `/readyz` without failing it (e.g. the broker: writes go on without it). */
  degradedChecks?: Record<string, () => Promise<void>>;
  buildContext: (base: BaseContext) => TContext;
  introspection?: boolean;
  maxBodyBytes?: number;
}

export interface SubgraphServer<TContext extends BaseContext> {
  app: Express;
  httpServer: Server;
  apollo: ApolloServer<TContext>;
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

/** An Apollo Federation 2 subgraph on express, with health, readiness, metrics and error masking. */
export function createSubgraphServer<TContext extends BaseContext>(
  options: SubgraphServerOptions<TContext>,
): SubgraphServer<TContext> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  let stopping = false;

  const apollo = new ApolloServer<TContext>({
    // The service's runtime owns SIGTERM/SIGINT and stops the server in order (see run-service.ts).
    stopOnTerminationSignals: false,
    schema: buildSubgraphSchema({
      typeDefs: options.typeDefs,
      resolvers: options.resolvers as GraphQLResolverMap<unknown>,
    }),
    introspection: options.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    formatError: formatGraphQLError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Federated traces are for Apollo GraphOS, which we do not use; skip their cost per request.
      ApolloServerPluginInlineTraceDisabled(),
      // No response is HTTP-cached (incidents are per caller), and the plugin's per-field hook wraps every
      // resolver: a 20,000-field metrics answer spent a third of its time there.
      ApolloServerPluginCacheControlDisabled(),
      observabilityPlugin<TContext>(options),
      gatewayOnlySubscriptionsPlugin<TContext>(),
    ],
  });

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok', service: options.service });
  });
  app.get('/readyz', async (_request, response) => {
    const results = await runChecks(options.readiness);
    const degraded = await runChecks(options.degradedChecks ?? {});
    const ready = !stopping && Object.values(results).every((result) => result === 'ok');
    response.status(ready ? 200 : 503).json({
      status: stopping ? 'stopping' : ready ? 'ready' : 'not_ready',
      checks: results,
      degraded,
    });
  });
  app.get('/metrics', async (_request, response) => {
    response.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });

  return {
    app,
    httpServer,
    apollo,
    async listen(port, host = '0.0.0.0') {
      await apollo.start();
      app.use(
        '/graphql',
        express.json({ limit: options.maxBodyBytes ?? 1024 * 1024 }),
        expressMiddleware(apollo, {
          context: async ({ req }) =>
            options.buildContext(await contextFromRequest(req, options.verifier, options.logger)),
        }),
      );
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve());
      });
      const address = httpServer.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host;
      return { url: `http://${shownHost}:${address.port}/graphql`, port: address.port };
    },
    async stop() {
      stopping = true;
      // Drains in-flight requests (the drain plugin), then closes the listener.
      await apollo.stop();
      if (httpServer.listening) await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}

async function runChecks(checks: Record<string, () => Promise<void>>): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await check();
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** Latency and error metrics, full logs of unexpected errors, and the correlation id on every error. */
function observabilityPlugin<TContext extends BaseContext>(options: {
  logger: Logger;
  metrics: ServiceMetrics;
}): ApolloServerPlugin<TContext> {
  // The hooks do no I/O; Apollo awaits what they return.
  return {
    requestDidStart() {
      const startedAt = process.hrtime.bigint();
      return Promise.resolve({
        didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const formatted = { message: error.message, extensions: error.extensions };
            if (!isExpectedError(formatted, error)) {
              contextValue.logger.error(
                { err: error.originalError ?? error, path: error.path },
                'unexpected error',
              );
            }
          }
          return Promise.resolve();
        },
        willSendResponse({ response, contextValue, operationName, errors }) {
          const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
          options.metrics.graphqlRequestDuration.observe(
            { operation: operationName ?? 'anonymous', outcome: errors?.length ? 'error' : 'ok' },
            seconds,
          );
          if (response.body.kind !== 'single') return Promise.resolve();
          for (const error of response.body.singleResult.errors ?? []) {
            const code = error.extensions?.code;
            options.metrics.graphqlErrors.inc({
              code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
            });
            if (error.extensions) {
              (error.extensions as Record<string, unknown>).correlationId = contextValue.correlationId;
            }
          }
          return Promise.resolve();
        },
      });
    },
  };
}
