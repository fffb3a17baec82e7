import { CreateMessagingTables1763800000000, InboxMessage, OutboxMessage } from '@mim/messaging';
import { createDataSource } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { CreateIncidents1763800000100 } from './migrations/1763800000100-create-incidents';
import { Incident } from './modules/incident/incident.entity';

export const entities = [Incident, OutboxMessage, InboxMessage];
export const migrations = [CreateMessagingTables1763800000000, CreateIncidents1763800000100];

export function createIncidentDataSource(env: {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
}): DataSource {
  return createDataSource({
    url: env.DATABASE_URL,
    entities,
    migrations,
    poolSize: env.DATABASE_POOL_SIZE,
    applicationName: 'mim-incident',
  });
}
