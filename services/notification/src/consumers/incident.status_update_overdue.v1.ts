import { incidentStatusUpdateOverdueV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { NotificationEnv } from '../env';
import type { NotificationReactions } from '../modules/notification/notification.reactions';

/** Reminds the major incident manager and communications lead of an overdue status update. */
export const incidentStatusUpdateOverdueConsumer = (
  deps: ServiceDeps<NotificationEnv>,
  reactions: NotificationReactions,
) =>
  consumerFor(
    deps,
    'notification',
    incidentStatusUpdateOverdueV1,
    (event, manager) => reactions.statusUpdateOverdue(event, manager),
    { concurrency: deps.env.NOTIFICATION_CONSUMER_CONCURRENCY },
  );
