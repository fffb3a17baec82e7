import { incidentStatusUpdatePublishedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { NotificationEnv } from '../env';
import type { NotificationReactions } from '../modules/notification/notification.reactions';

/** Delivers a major incident's status update to its audiences. */
export const incidentStatusUpdatePublishedConsumer = (
  deps: ServiceDeps<NotificationEnv>,
  reactions: NotificationReactions,
) =>
  consumerFor(
    deps,
    'notification',
    incidentStatusUpdatePublishedV1,
    (event, manager) => reactions.statusUpdatePublished(event, manager),
    { concurrency: deps.env.NOTIFICATION_CONSUMER_CONCURRENCY },
  );
