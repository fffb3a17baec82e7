import { CreateMessagingTables1763800000000, InboxMessage, OutboxMessage } from '@mim/messaging';
import { createDataSource } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { CreateIncidentMetrics1763800000500 } from './migrations/1763800000500-create-incident-metrics';
import { IncidentFacts1763800000510 } from './migrations/1763800000510-incident-facts';
import { WrittenByTransaction1763800000520 } from './migrations/1763800000520-written-by-transaction';
import { IncidentMetrics } from './modules/metrics/metrics.entity';

export const entities = [IncidentMetrics, OutboxMessage, InboxMessage];
export const migrations = [
  CreateMessagingTables1763800000000,
  CreateIncidentMetrics1763800000500,
  IncidentFacts1763800000510,
  WrittenByTransaction1763800000520,
];

export function createAnalyticsDataSource(env: {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
}): DataSource {
  return createDataSource({
    url: env.DATABASE_URL,
    entities,
    migrations,
    poolSize: env.DATABASE_POOL_SIZE,
    applicationName: 'mim-analytics',
  });
}
