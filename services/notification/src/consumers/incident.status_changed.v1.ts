import { incidentStatusChangedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { NotificationEnv } from '../env';
import { notificationsForStatusChange } from '../modules/notification/notification.domain';
import { NotificationService } from '../modules/notification/notification.service';

/** Tells whoever the domain says (the reporter, on resolution), in the consumer's (inbox) transaction. */
export const incidentStatusChangedConsumer = (deps: ServiceDeps<NotificationEnv>) => {
  const notifications = new NotificationService(deps.dataSource);
  return consumerFor(deps, 'notification', incidentStatusChangedV1, async (event, manager) => {
    await notifications.deliver(manager, event, notificationsForStatusChange(event.data));
  });
};
