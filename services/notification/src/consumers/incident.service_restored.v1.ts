import { incidentServiceRestoredV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { NotificationEnv } from '../env';
import type { NotificationReactions } from '../modules/notification/notification.reactions';

/** Tells the users of the impacted services that service is back. */
export const incidentServiceRestoredConsumer = (
  deps: ServiceDeps<NotificationEnv>,
  reactions: NotificationReactions,
) =>
  consumerFor(
    deps,
    'notification',
    incidentServiceRestoredV1,
    (event, manager) => reactions.serviceRestored(event, manager),
    { concurrency: deps.env.NOTIFICATION_CONSUMER_CONCURRENCY },
  );
