import { CreateMessagingTables1763800000000, InboxMessage, OutboxMessage } from '@mim/messaging';
import { createDataSource } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { CreateChangeRequests1763800000300 } from './migrations/1763800000300-create-change-requests';
import { ChangeRequest } from './modules/change-request/change-request.entity';
import { ChangeRequestIncident } from './modules/change-request/change-request-incident.entity';

export const entities = [ChangeRequest, ChangeRequestIncident, OutboxMessage, InboxMessage];
export const migrations = [CreateMessagingTables1763800000000, CreateChangeRequests1763800000300];

export function createChangeDataSource(env: {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
}): DataSource {
  return createDataSource({
    url: env.DATABASE_URL,
    entities,
    migrations,
    poolSize: env.DATABASE_POOL_SIZE,
    applicationName: 'mim-change',
  });
}
