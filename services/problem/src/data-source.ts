import { CreateMessagingTables1763800000000, InboxMessage, OutboxMessage } from '@mim/messaging';
import { createDataSource } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { CreateProblems1763800000200 } from './migrations/1763800000200-create-problems';
import { ProblemManagement1764200000200 } from './migrations/1764200000200-problem-management';
import { KnownError } from './modules/known-error/known-error.entity';
import { Problem } from './modules/problem/problem.entity';
import { ProblemIncident } from './modules/problem/problem-incident.entity';
import { RootCauseAnalysis } from './modules/root-cause/root-cause.entity';

export const entities = [
  Problem,
  ProblemIncident,
  RootCauseAnalysis,
  KnownError,
  OutboxMessage,
  InboxMessage,
];
export const migrations = [
  CreateMessagingTables1763800000000,
  CreateProblems1763800000200,
  // Owners, origin and merges, root-cause analysis, the known error database (issue 5).
  ProblemManagement1764200000200,
];

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
