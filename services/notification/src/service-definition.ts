import type { ServiceDefinition } from '@mim/service-kit';
import { incidentCreatedConsumer } from './consumers/incident.created.v1';
import { incidentStatusChangedConsumer } from './consumers/incident.status_changed.v1';
import { createNotificationDataSource } from './data-source';
import { type NotificationEnv, readEnv } from './env';
import { createServer } from './server';

/** How the shared runtime starts this service; `main.ts` runs it, tests start it in-process. */
export const notificationService: ServiceDefinition<NotificationEnv> = {
  name: 'notification',
  readEnv: () => readEnv(),
  createDataSource: createNotificationDataSource,
  createServer,
  createConsumers: (deps) => [incidentCreatedConsumer(deps), incidentStatusChangedConsumer(deps)],
};
