import { type TokenVerifier, createTokenVerifier } from '@mim/auth';
import { ConfigError, type ServiceEnv } from '@mim/config';
import { type EventBus, EventConsumer, OutboxRelay, connectEventBus, eventTopology } from '@mim/messaging';
import { type Logger, type ServiceMetrics, createLogger, createMetrics } from '@mim/observability';
import { type JobHandler, JobScheduler, schedulerMetrics } from '@mim/scheduler';
import type { DataSource } from 'typeorm';
import { runMigrationsExclusively } from './run-migrations';
import type { SubgraphServer } from './subgraph-server';

/** What the request side sees of the broker: whether it is reachable, never the connection itself. */
export interface BrokerLink {
  /** Throws while the broker is unreachable (or not yet connected at start-up). */
  check(): Promise<void>;
}

/** What a subgraph server needs. Requests never publish: they write the outbox, so no bus here. */
export interface ServerDeps<TEnv extends ServiceEnv = ServiceEnv> {
  env: TEnv;
  dataSource: DataSource;
  logger: Logger;
  metrics: ServiceMetrics;
  verifier: TokenVerifier;
  broker: BrokerLink;
}

/** Everything, once the broker is connected: what consumers are built from. */
export interface ServiceDeps<TEnv extends ServiceEnv = ServiceEnv> extends ServerDeps<TEnv> {
  bus: EventBus;
}

export interface ServiceDefinition<TEnv extends ServiceEnv> {
  name: string;
  readEnv: () => TEnv;
  createDataSource: (env: TEnv) => DataSource;
  createServer: (deps: ServerDeps<TEnv>) => Pick<SubgraphServer<never>, 'listen' | 'stop'>;
  /** The service's event consumers, one per consumed subject (`consumers/` folder). */
  createConsumers?: (deps: ServiceDeps<TEnv>) => Array<EventConsumer<never>>;
  /**
   * The handlers of the service's durable timers (`scheduled_job`, set with `scheduleJob`), by kind. A
   * service that declares them lists `CreateScheduledJobTable1763900000000` in its migrations; its
   * scheduler runs from the database alone (handlers write the outbox), so it needs no broker.
   */
  jobs?: (deps: ServerDeps<TEnv>) => Record<string, JobHandler<never>>;
  /**
   * Long-running loops that need the database only (e.g. the notification service's sender of emails
   * and webhooks). Started with the scheduler, before the broker connection; stopped first.
   */
  workers?: (deps: ServerDeps<TEnv>) => BackgroundWorker[];
}

/** A loop the runtime starts and stops with the service. `stop` lets work in progress finish. */
export interface BackgroundWorker {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface RunningService<TEnv extends ServiceEnv = ServiceEnv> {
  url: string;
  port: number;
  deps: ServiceDeps<TEnv>;
  relay: OutboxRelay;
  consumers: Array<EventConsumer<never>>;
  /** Fires the service's `jobs`; null when it declares none. */
  scheduler: JobScheduler | null;
  workers: BackgroundWorker[];
  stop(): Promise<void>;
}

/** Called once the HTTP server accepts requests, possibly long before the broker is reachable. */
export interface StartHooks {
  onListening?: (server: { url: string; port: number; stop(): Promise<void> }) => void;
}

/**
 * Wiring shared by all five services: database (migrations), job scheduler, HTTP server, then broker
 * (streams, consumers) and outbox relay. The HTTP server and the scheduler run before the broker
 * connection is made, so a service started during a broker outage still takes writes and fires its
 * timers; their events wait in the outbox. The promise resolves once everything runs; the returned
 * handle stops it all in reverse order, the scheduler first (its jobs still write through the database).
 */
export async function startService<TEnv extends ServiceEnv>(
  definition: ServiceDefinition<TEnv>,
  env: TEnv,
  hooks: StartHooks = {},
): Promise<RunningService<TEnv>> {
  const logger = createLogger({ service: definition.name, level: env.LOG_LEVEL });
  const metrics = createMetrics(definition.name);
  const dataSource = definition.createDataSource(env);
  await dataSource.initialize();
  if (env.DATABASE_MIGRATE_ON_START) {
    const applied = await runMigrationsExclusively(dataSource);
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  }
  const verifier = createTokenVerifier({
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    secret: env.AUTH_JWT_SECRET,
    jwksUrl: env.AUTH_JWKS_URL,
  });
  let bus: EventBus | null = null;
  const serverDeps: ServerDeps<TEnv> = {
    env,
    dataSource,
    logger,
    metrics,
    verifier,
    broker: { check: () => (bus ? brokerReachable(bus) : Promise.reject(new Error('connecting'))) },
  };

  const scheduler = createScheduler(definition.jobs?.(serverDeps), serverDeps);
  const workers = definition.workers?.(serverDeps) ?? [];
  const stopBackground = async () => {
    for (const worker of workers) await worker.stop();
    await scheduler?.stop();
  };
  const server = definition.createServer(serverDeps);
  const stopServer = async () => {
    await stopBackground();
    await server.stop();
    await dataSource.destroy();
  };
  let address: { url: string; port: number };
  try {
    await scheduler?.start();
    for (const worker of workers) await worker.start();
    address = await server.listen(env.PORT, env.HOST);
  } catch (error) {
    await stopBackground();
    await dataSource.destroy();
    throw error;
  }
  hooks.onListening?.({ ...address, stop: stopServer });
  logger.info({ url: address.url }, 'accepting requests; connecting to the broker');

  try {
    bus = await connectEventBus({
      servers: env.NATS_URL,
      name: `mim-${definition.name}`,
      topology: eventTopology({ stream: env.EVENTS_STREAM, subjectPrefix: env.EVENTS_SUBJECT_PREFIX }),
      logger,
    });
  } catch (error) {
    await stopServer();
    throw error;
  }
  const connectedBus = bus;
  const deps: ServiceDeps<TEnv> = { ...serverDeps, bus: connectedBus };
  const relay = new OutboxRelay({ dataSource, bus: connectedBus, logger, metrics });
  await relay.start();
  const consumers = definition.createConsumers?.(deps) ?? [];
  for (const consumer of consumers) await consumer.start();
  logger.info({ url: address.url }, `${definition.name} service ready`);

  return {
    ...address,
    deps,
    relay,
    consumers,
    scheduler,
    workers,
    async stop() {
      await stopBackground();
      await server.stop();
      for (const consumer of consumers) await consumer.stop();
      await relay.stop();
      await connectedBus.close();
      await dataSource.destroy();
      logger.info(`${definition.name} service stopped`);
    },
  };
}

/** A scheduler for the declared job kinds, reporting to the service's logger and `/metrics`. */
function createScheduler(
  jobs: Record<string, JobHandler<never>> | undefined,
  deps: ServerDeps,
): JobScheduler | null {
  const kinds = Object.entries(jobs ?? {});
  if (kinds.length === 0) return null;
  const scheduler = new JobScheduler({
    dataSource: deps.dataSource,
    logger: deps.logger,
    onSettled: schedulerMetrics(deps.metrics.registry),
  });
  for (const [kind, handler] of kinds) scheduler.register(kind, handler as JobHandler);
  return scheduler;
}

async function brokerReachable(bus: EventBus): Promise<void> {
  if (bus.connection.isClosed()) throw new Error('closed');
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      bus.connection.flush(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('unreachable')), 1000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
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
  // Signals are handled from the start: start-up may wait a long time for the broker.
  let stoppable: { stop(): Promise<void> } | null = null;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${definition.name}: ${signal} received, shutting down\n`);
    const timer = setTimeout(() => {
      process.stderr.write(`${definition.name}: shutdown timed out; exiting\n`);
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    (stoppable?.stop() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${definition.name}: error during shutdown: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  try {
    const service = await startService(definition, env, {
      onListening: (server) => {
        stoppable = server;
      },
    });
    stoppable = service;
  } catch (error) {
    if (stopping) return;
    process.stderr.write(`${definition.name}: failed to start: ${String(error)}\n`);
    process.exit(1);
  }
}
