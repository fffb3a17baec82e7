import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { analyticsService, readEnv as readAnalyticsEnv } from '@mim/analytics-service';
import { changeService, readEnv as readChangeEnv } from '@mim/change-service';
import { type Gateway, createGateway, loadEnv as loadGatewayEnv, subgraphUrlsFrom } from '@mim/gateway';
import { incidentService, readEnv as readIncidentEnv } from '@mim/incident-service';
import type { EventTopology } from '@mim/messaging';
import { notificationService, readEnv as readNotificationEnv } from '@mim/notification-service';
import { createLogger } from '@mim/observability';
import { problemService, readEnv as readProblemEnv } from '@mim/problem-service';
import { type RunningService, startService } from '@mim/service-kit';
import {
  type TestDatabase,
  createTestDatabase,
  deleteEventTopology,
  testAuth,
  testEventTopology,
  testServiceEnv,
} from '@mim/testing';

export interface Stack {
  gatewayUrl: string;
  /** The gateway's environment, to start more gateway replicas (e.g. as separate processes). */
  gatewayEnvironment: Record<string, string>;
  services: Record<'incident' | 'problem' | 'change' | 'notification' | 'analytics', RunningService>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra environment of the incident service, e.g. `INTAKE_HMAC_SECRETS` to turn intake on. */
  incidentEnv?: Record<string, string>;
  /** Extra environment of the notification service, e.g. `SMTP_URL` of a test's SMTP server. */
  notificationEnv?: Record<string, string>;
  /** Extra environment of the gateway, e.g. lower limits for a test of them. */
  gatewayEnv?: Record<string, string>;
}

/**
 * The whole platform in one process: five services, each with its own fresh database, one private
 * event stream, and the gateway serving the committed supergraph over real HTTP.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const topology: EventTopology = testEventTopology();
  const databases: TestDatabase[] = [];
  const start = async <TEnv extends Parameters<typeof startService>[1]>(
    name: string,
    definition: Parameters<typeof startService<TEnv>>[0],
    readEnv: (source: Record<string, string>) => TEnv,
    overrides?: Record<string, string>,
  ) => {
    const database = await createTestDatabase(name);
    databases.push(database);
    return startService(
      definition,
      readEnv(testServiceEnv({ databaseUrl: database.url, topology, overrides })),
    );
  };
  const services = {
    incident: await start('incident', incidentService, readIncidentEnv, options.incidentEnv),
    problem: await start('problem', problemService, readProblemEnv),
    change: await start('change', changeService, readChangeEnv),
    notification: await start(
      'notification',
      notificationService,
      readNotificationEnv,
      options.notificationEnv,
    ),
    analytics: await start('analytics', analyticsService, readAnalyticsEnv),
  } as Stack['services'];

  const gatewayEnvironment: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    AUTH_JWT_SECRET: testAuth.secret,
    AUTH_ISSUER: testAuth.issuer,
    AUTH_AUDIENCE: testAuth.audience,
    SUBGRAPH_INCIDENT_URL: services.incident.url,
    SUBGRAPH_PROBLEM_URL: services.problem.url,
    SUBGRAPH_CHANGE_URL: services.change.url,
    SUBGRAPH_NOTIFICATION_URL: services.notification.url,
    SUBGRAPH_ANALYTICS_URL: services.analytics.url,
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    EVENTS_STREAM: topology.stream,
    EVENTS_SUBJECT_PREFIX: topology.subjectPrefix,
    ...options.gatewayEnv,
  };
  const env = loadGatewayEnv(gatewayEnvironment);
  const gateway: Gateway = createGateway({
    env,
    logger: createLogger({ service: 'gateway', level: env.LOG_LEVEL }),
    supergraphSdl: readFileSync(env.SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls: subgraphUrlsFrom(env),
  });
  const { url } = await gateway.start();

  return {
    gatewayUrl: url,
    gatewayEnvironment,
    services,
    async stop() {
      await gateway.stop();
      for (const service of Object.values(services)) await service.stop();
      for (const database of databases) await database.drop();
      await deleteEventTopology(topology);
    },
  };
}
