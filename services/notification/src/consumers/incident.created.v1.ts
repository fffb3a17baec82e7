import { incidentCreatedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { NotificationEnv } from '../env';
import { notificationsForIncidentCreated } from '../modules/notification/notification.domain';
import { NotificationService } from '../modules/notification/notification.service';

/** Tells the reporter their incident was received, in the consumer's (inbox) transaction. */
export const incidentCreatedConsumer = (deps: ServiceDeps<NotificationEnv>) => {
  const notifications = new NotificationService(deps.dataSource);
  return consumerFor(deps, 'notification', incidentCreatedV1, async (event, manager) => {
    await notifications.deliver(manager, event, notificationsForIncidentCreated(event.data));
  });
};
