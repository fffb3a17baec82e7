import type { ServiceDefinition } from '@mim/service-kit';
import { incidentAssignedConsumer } from './consumers/incident.assigned.v1';
import { incidentCreatedConsumer } from './consumers/incident.created.v1';
import { incidentEscalatedConsumer } from './consumers/incident.escalated.v1';
import { incidentMajorDeclaredConsumer } from './consumers/incident.major_declared.v1';
import { incidentParticipantAddedConsumer } from './consumers/incident.participant_added.v1';
import { incidentParticipantRemovedConsumer } from './consumers/incident.participant_removed.v1';
import { incidentPriorityChangedConsumer } from './consumers/incident.priority_changed.v1';
import { incidentServiceRestoredConsumer } from './consumers/incident.service_restored.v1';
import { incidentSlaBreachedConsumer } from './consumers/incident.sla_breached.v1';
import { incidentStatusChangedConsumer } from './consumers/incident.status_changed.v1';
import { incidentStatusUpdateOverdueConsumer } from './consumers/incident.status_update_overdue.v1';
import { incidentStatusUpdatePublishedConsumer } from './consumers/incident.status_update_published.v1';
import { createNotificationDataSource } from './data-source';
import { type NotificationEnv, readEnv } from './env';
import { createDeliveryDispatcher } from './modules/delivery/delivery.worker';
import { escalateToManagerHandler, escalateToManagerKind } from './modules/escalation/escalation.timers';
import { createNotificationModule } from './notification-module';
import { createServer } from './server';

/** How the shared runtime starts this service; `main.ts` runs it, tests start it in-process. */
export const notificationService: ServiceDefinition<NotificationEnv> = {
  name: 'notification',
  readEnv: () => readEnv(),
  createDataSource: createNotificationDataSource,
  createServer,
  // The incident events that keep the incident snapshot and trigger notification rules; each consumer
  // handles NOTIFICATION_CONSUMER_CONCURRENCY events at once (one incident's take turns: its snapshot lock).
  createConsumers: (deps) => {
    const { reactions } = createNotificationModule(deps.dataSource, deps.env);
    return [
      incidentCreatedConsumer(deps, reactions),
      incidentStatusChangedConsumer(deps, reactions),
      incidentPriorityChangedConsumer(deps, reactions),
      incidentAssignedConsumer(deps, reactions),
      incidentEscalatedConsumer(deps, reactions),
      incidentParticipantAddedConsumer(deps, reactions),
      incidentParticipantRemovedConsumer(deps, reactions),
      incidentMajorDeclaredConsumer(deps, reactions),
      incidentServiceRestoredConsumer(deps, reactions),
      incidentStatusUpdatePublishedConsumer(deps, reactions),
      incidentStatusUpdateOverdueConsumer(deps, reactions),
      incidentSlaBreachedConsumer(deps, reactions),
    ];
  },
  // Hierarchical escalation: management told when an incident stays unacknowledged; fired once across replicas.
  jobs: (deps) => {
    const { planner } = createNotificationModule(deps.dataSource, deps.env);
    return { [escalateToManagerKind]: escalateToManagerHandler(planner) };
  },
  // Email and webhook deliveries: claimed from the database, sent, retried, dead-lettered.
  workers: (deps) => [createDeliveryDispatcher(deps)],
};
