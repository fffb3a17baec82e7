import { incidentAssignedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { NotificationEnv } from '../env';
import type { NotificationReactions } from '../modules/notification/notification.reactions';

/** Keeps the tier, group and assignee (escalation and the ASSIGNEE audience). */
export const incidentAssignedConsumer = (
  deps: ServiceDeps<NotificationEnv>,
  reactions: NotificationReactions,
) =>
  consumerFor(
    deps,
    'notification',
    incidentAssignedV1,
    (event, manager) => reactions.assigned(event, manager),
    { concurrency: deps.env.NOTIFICATION_CONSUMER_CONCURRENCY },
  );
