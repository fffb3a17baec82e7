import type { ServiceDefinition } from '@mim/service-kit';
import { incidentAssignedConsumer } from './consumers/incident.assigned.v1';
import { incidentCreatedConsumer } from './consumers/incident.created.v1';
import { incidentEscalatedConsumer } from './consumers/incident.escalated.v1';
import { incidentMajorDeclaredConsumer } from './consumers/incident.major_declared.v1';
import { incidentPriorityChangedConsumer } from './consumers/incident.priority_changed.v1';
import { incidentServiceRestoredConsumer } from './consumers/incident.service_restored.v1';
import { incidentSlaBreachedConsumer } from './consumers/incident.sla_breached.v1';
import { incidentStatusChangedConsumer } from './consumers/incident.status_changed.v1';
import { createAnalyticsDataSource } from './data-source';
import { type AnalyticsEnv, readEnv } from './env';
import { metricsModuleFor } from './modules/metrics/metrics.module';
import { createServer } from './server';

/** How the shared runtime starts this service; `main.ts` runs it, tests start it in-process. */
export const analyticsService: ServiceDefinition<AnalyticsEnv> = {
  name: 'analytics',
  readEnv: () => readEnv(),
  createDataSource: createAnalyticsDataSource,
  createServer,
  // Every incident event a metric depends on; each merged into the incident's row, in any order.
  createConsumers: (deps) => [
    incidentCreatedConsumer(deps),
    incidentStatusChangedConsumer(deps),
    incidentPriorityChangedConsumer(deps),
    incidentAssignedConsumer(deps),
    incidentEscalatedConsumer(deps),
    incidentMajorDeclaredConsumer(deps),
    incidentServiceRestoredConsumer(deps),
    incidentSlaBreachedConsumer(deps),
  ],
  // The in-memory fact store of `metrics`: loaded before the server listens, then polled for changes.
  workers: (deps) => [metricsModuleFor(deps).store],
};
