import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { createTokenVerifier } from '@mim/auth';
import { createMetrics, type Logger, type ServiceMetrics } from '@mim/observability';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import { createContextFactory, type GatewayContext } from './context';
import type { GatewayEnv } from './env';
import { createErrorFormatter, internalErrorMessage } from './format-error';
import { createReadinessCheck, type ReadinessCheck, type SubgraphEndpoint } from './health';
import { countRejectionsIn, createOperationLimits, type OperationLimits } from './limits';
import { metricsPlugin } from './metrics-plugin';
import { correlationIdFrom, requestScope, traceparentFrom } from './request-scope';
import { SubgraphDataSource } from './subgraph-data-source';
import { type Subscriptions, startSubscriptions } from './subscriptions';

export interface GatewayOptions {
  env: GatewayEnv;
  logger: Logger;
  /** The composed supergraph (gateway/supergraph.graphql, written by `npm run compose`). */
  supergraphSdl: string;
  /** Subgraph name -> URL; overrides the URL recorded in the supergraph. */
  subgraphUrls: Record<string, string>;
  /** Further dependencies reported on `/readyz` (see `ReadinessCheck`), e.g. the subscription feed. */
  readinessChecks?: readonly ReadinessCheck[];
}

export interface Gateway {
  app: Express;
  /** The one HTTP server: Apollo over HTTP and graphql-ws over WebSocket, both on `/graphql`. */
  httpServer: http.Server;
  /** The operation limits Apollo applies; a WebSocket transport applies the same instance (one rate limit). */
  limits: OperationLimits;
  metrics: ServiceMetrics;
  start(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

/** Adapts pino to the `{ debug, info, warn, error }` logger Apollo Server and Apollo Gateway expect. */
function apolloLogger(logger: Logger) {
  return {
    debug: (message: unknown) => logger.debug(String(message)),
    info: (message: unknown) => logger.info(String(message)),
    warn: (message: unknown) => logger.warn(String(message)),
    error: (message: unknown) => logger.error(String(message)),
  };
}

/**
 * Builds the federation gateway without listening: an express 5 app on one `http.Server`, Apollo Server
 * running Apollo Gateway over a static supergraph, token verification in the context, header
 * allow-listing to subgraphs, operation limits, partial data when a subgraph is down, error masking,
 * health, readiness and metrics. `start()` listens on env.PORT (0 = an ephemeral port) and env.HOST.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const { env, logger } = options;
  const metrics = createMetrics('gateway');
  const limits = createOperationLimits(env, { onReject: countRejectionsIn(metrics) });
  const subgraphLogger = logger.child({ component: 'subgraph' });
  const subgraphs = new Map<string, SubgraphEndpoint>();
  let supergraphLoaded = false;
  let apiSchema: GraphQLSchema | null = null;
  let subscriptions: Subscriptions | null = null;
  const verify = createVerifier(env);
  let state: 'new' | 'starting' | 'started' | 'stopped' = 'new';

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: apolloLogger(logger.child({ component: 'apollo-gateway' })),
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`Subgraph "${name}" has no URL in the supergraph or the configuration`);
      subgraphs.set(name, { name, url: target });
      return new SubgraphDataSource(name, target, subgraphLogger, env.SUBGRAPH_TIMEOUT_MS);
    },
  });

  // Subscriptions validate against the same API schema the gateway plans queries with.
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
    apiSchema = loaded;
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const server = new ApolloServer<GatewayContext>({
    gateway,
    logger: apolloLogger(logger.child({ component: 'apollo-server' })),
    csrfPrevention: true,
    introspection: env.NODE_ENV !== 'production',
    // Production: no "Did you mean ...?" in validation errors, which would reveal the schema piecemeal.
    hideSchemaDetailsFromClientErrors: limits.hideSchemaDetails,
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    // main.ts owns signal handling (ordered, time-boxed shutdown); Apollo's own handler would re-raise
    // the signal and could end the process before the drain finishes.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger, metrics),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), metricsPlugin(metrics), ...limits.plugins],
  });

  const readiness = createReadinessCheck({
    isSupergraphLoaded: () => supergraphLoaded,
    subgraphs: () => [...subgraphs.values()],
    extraChecks: [
      // Not required: without the event feed, queries and mutations still work; pushes are delayed.
      { name: 'events', check: () => Promise.resolve(subscriptions?.feedReady() ?? false) },
      ...(options.readinessChecks ?? []),
    ],
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (async (_req, res) => {
    const { ready, ...report } = await readiness();
    res.status(ready ? 200 : 503).json(report);
  }) satisfies RequestHandler);
  app.get('/metrics', (async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  }) satisfies RequestHandler);

  // Runs after body parsing: body-parser's stream callbacks would otherwise lose the async context.
  const scopeMiddleware: RequestHandler = (req, res, next) => {
    const scope = {
      correlationId: correlationIdFrom(req.get('x-correlation-id')),
      traceparent: traceparentFrom(req.get('traceparent')),
    };
    res.setHeader('x-correlation-id', scope.correlationId);
    requestScope.run(scope, next);
  };

  // A body express.json() did not parse (not JSON, or no body) reaches Apollo as `{}`, which answers
  // 400 (CSRF prevention or "POST body missing") instead of the integration's 500 for a missing body.
  const ensureBody: RequestHandler = (req, _res, next) => {
    req.body ??= {};
    next();
  };

  const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    // body-parser marks its failures with `type`.
    const type = typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
    if (type === 'entity.too.large') {
      metrics.graphqlErrors.inc({ code: 'BAD_REQUEST' });
      res.status(413).json({
        errors: [
          {
            message: `Request body larger than ${env.MAX_BODY_BYTES} bytes`,
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
      return;
    }
    if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
      metrics.graphqlErrors.inc({ code: 'BAD_REQUEST' });
      res
        .status(400)
        .json({ errors: [{ message: 'Malformed JSON request body', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    const correlationId = requestScope.getStore()?.correlationId ?? correlationIdFrom(undefined);
    logger.error({ err: error, correlationId }, 'unhandled error in the HTTP layer');
    metrics.graphqlErrors.inc({ code: 'INTERNAL_SERVER_ERROR' });
    res.status(500).json({
      errors: [
        { message: internalErrorMessage, extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId } },
      ],
    });
  };

  async function start(): Promise<{ url: string; port: number }> {
    if (state !== 'new') throw new Error(`The gateway cannot start twice (state: ${state})`);
    state = 'starting';
    await server.start();
    supergraphLoaded = true;

    app.use(
      '/graphql',
      express.json({ limit: env.MAX_BODY_BYTES }),
      ensureBody,
      scopeMiddleware,
      expressMiddleware(server, { context: createContextFactory(verify) }),
    );
    app.use(errorHandler);
    subscriptions = startSubscriptions({
      httpServer,
      server,
      env,
      logger,
      metrics,
      verify,
      limits,
      apiSchema: () => apiSchema,
    });

    httpServer.listen(env.PORT, env.HOST);
    await Promise.race([
      once(httpServer, 'listening'),
      once(httpServer, 'error').then(([error]) => Promise.reject(error as Error)),
    ]);
    state = 'started';
    const { port, address } = httpServer.address() as AddressInfo;
    const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`;
    logger.info({ url, subgraphs: [...subgraphs.keys()] }, 'gateway listening');
    return { url, port };
  }

  async function stop(): Promise<void> {
    const previous = state;
    if (previous === 'stopped') return;
    state = 'stopped';
    supergraphLoaded = false;
    if (previous === 'new') return;
    // Sockets first: upgraded connections are not drained by the HTTP server.
    await subscriptions?.stop();
    // Apollo stops the gateway and, through the drain plugin, closes the HTTP server gracefully.
    await server.stop();
    if (httpServer.listening) {
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    }
  }

  return { app, httpServer, limits, metrics, start, stop };
}

function createVerifier(env: GatewayEnv) {
  return createTokenVerifier({
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    secret: env.AUTH_JWT_SECRET,
    jwksUrl: env.AUTH_JWKS_URL,
  });
}
