import { type TokenVerifier, createTokenVerifier } from '@mim/auth';
import { ConfigError, type ServiceEnv } from '@mim/config';
import { type EventBus, EventConsumer, OutboxRelay, connectEventBus, eventTopology } from '@mim/messaging';
import { type Logger, type ServiceMetrics, createLogger, createMetrics } from '@mim/observability';
import type { DataSource } from 'typeorm';
import { runMigrationsExclusively } from './run-migrations';
import type { SubgraphServer } from './subgraph-server';

export interface ServiceDeps<TEnv extends ServiceEnv = ServiceEnv> {
  env: TEnv;
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  metrics: ServiceMetrics;
  verifier: TokenVerifier;
}

export interface ServiceDefinition<TEnv extends ServiceEnv> {
  name: string;
  readEnv: () => TEnv;
  createDataSource: (env: TEnv) => DataSource;
  createServer: (deps: ServiceDeps<TEnv>) => Pick<SubgraphServer<never>, 'listen' | 'stop'>;
  /** The service's event consumers, one per consumed subject (`consumers/` folder). */
  createConsumers?: (deps: ServiceDeps<TEnv>) => Array<EventConsumer<never>>;
}

export interface RunningService<TEnv extends ServiceEnv = ServiceEnv> {
  url: string;
  port: number;
  deps: ServiceDeps<TEnv>;
  relay: OutboxRelay;
  consumers: Array<EventConsumer<never>>;
  stop(): Promise<void>;
}

/**
 * Wiring shared by all five services: database (migrations), broker (streams, consumers), outbox relay,
 * HTTP server. Returned handle stops everything in reverse order. Tests start whole services with it.
 */
export async function startService<TEnv extends ServiceEnv>(
  definition: ServiceDefinition<TEnv>,
  env: TEnv,
): Promise<RunningService<TEnv>> {
  const logger = createLogger({ service: definition.name, level: env.LOG_LEVEL });
  const metrics = createMetrics(definition.name);
  const dataSource = definition.createDataSource(env);
  await dataSource.initialize();
  if (env.DATABASE_MIGRATE_ON_START) {
    const applied = await runMigrationsExclusively(dataSource);
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  }
  const bus = await connectEventBus({
    servers: env.NATS_URL,
    name: `mim-${definition.name}`,
    topology: eventTopology({ stream: env.EVENTS_STREAM, subjectPrefix: env.EVENTS_SUBJECT_PREFIX }),
    logger,
  });
  const verifier = createTokenVerifier({
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    secret: env.AUTH_JWT_SECRET,
    jwksUrl: env.AUTH_JWKS_URL,
  });
  const deps: ServiceDeps<TEnv> = { env, dataSource, bus, logger, metrics, verifier };

  const relay = new OutboxRelay({ dataSource, bus, logger, metrics });
  await relay.start();
  const consumers = definition.createConsumers?.(deps) ?? [];
  for (const consumer of consumers) await consumer.start();

  const server = definition.createServer(deps);
  const { url, port } = await server.listen(env.PORT, env.HOST);
  logger.info({ url }, `${definition.name} service ready`);

  return {
    url,
    port,
    deps,
    relay,
    consumers,
    async stop() {
      await server.stop();
      for (const consumer of consumers) await consumer.stop();
      await relay.stop();
      await bus.close();
      await dataSource.destroy();
      logger.info(`${definition.name} service stopped`);
    },
  };
}

/** The process entry point: start, then stop cleanly on SIGTERM/SIGINT within the shutdown timeout. */
export async function runService<TEnv extends ServiceEnv>(
  definition: ServiceDefinition<TEnv>,
): Promise<void> {
  let env: TEnv;
  try {
    env = definition.readEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let service: RunningService<TEnv>;
  try {
    service = await startService(definition, env);
  } catch (error) {
    process.stderr.write(`${definition.name}: failed to start: ${String(error)}\n`);
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    service.deps.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      service.deps.logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        service.deps.logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
