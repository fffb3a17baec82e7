import { CreateMessagingTables1763800000000, InboxMessage, OutboxMessage } from '@mim/messaging';
import { createDataSource } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { CreateProblems1763800000200 } from './migrations/1763800000200-create-problems';
import { Problem } from './modules/problem/problem.entity';
import { ProblemIncident } from './modules/problem/problem-incident.entity';

export const entities = [Problem, ProblemIncident, OutboxMessage, InboxMessage];
export const migrations = [CreateMessagingTables1763800000000, CreateProblems1763800000200];

export function createProblemDataSource(env: {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
}): DataSource {
  return createDataSource({
    url: env.DATABASE_URL,
    entities,
    migrations,
    poolSize: env.DATABASE_POOL_SIZE,
    applicationName: 'mim-problem',
  });
}
