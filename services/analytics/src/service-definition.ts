import type { ServiceDefinition } from '@mim/service-kit';
import { incidentCreatedConsumer } from './consumers/incident.created.v1';
import { incidentStatusChangedConsumer } from './consumers/incident.status_changed.v1';
import { createAnalyticsDataSource } from './data-source';
import { type AnalyticsEnv, readEnv } from './env';
import { createServer } from './server';

/** How the shared runtime starts this service; `main.ts` runs it, tests start it in-process. */
export const analyticsService: ServiceDefinition<AnalyticsEnv> = {
  name: 'analytics',
  readEnv: () => readEnv(),
  createDataSource: createAnalyticsDataSource,
  createServer,
  createConsumers: (deps) => [incidentCreatedConsumer(deps), incidentStatusChangedConsumer(deps)],
};
