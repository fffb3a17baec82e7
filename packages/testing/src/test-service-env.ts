import type { EventTopology } from '@mim/messaging';
import { testAuth } from './test-auth';
import { natsUrl } from './test-topology';

/**
 * Environment for a service started inside a test: its own database, its own stream, port 0, and short
 * retry delays so redelivery paths run in seconds. Parsed by the service's own env schema.
 */
export function testServiceEnv(options: {
  databaseUrl: string;
  topology: EventTopology;
  natsUrl?: string;
  overrides?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: '5',
    NATS_URL: options.natsUrl ?? natsUrl(),
    EVENTS_STREAM: options.topology.stream,
    EVENTS_SUBJECT_PREFIX: options.topology.subjectPrefix,
    EVENTS_MAX_DELIVER: '3',
    EVENTS_ACK_WAIT_MS: '2000',
    EVENTS_RETRY_DELAYS_MS: '100,200',
    AUTH_JWT_SECRET: testAuth.secret,
    AUTH_ISSUER: testAuth.issuer,
    AUTH_AUDIENCE: testAuth.audience,
    ...options.overrides,
  };
}
