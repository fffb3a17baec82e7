import { incidentParticipantRemovedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { NotificationEnv } from '../env';
import type { NotificationReactions } from '../modules/notification/notification.reactions';

/** Keeps the team: someone removed is no longer told as a team member. */
export const incidentParticipantRemovedConsumer = (
  deps: ServiceDeps<NotificationEnv>,
  reactions: NotificationReactions,
) =>
  consumerFor(
    deps,
    'notification',
    incidentParticipantRemovedV1,
    (event, manager) => reactions.participantRemoved(event, manager),
    { concurrency: deps.env.NOTIFICATION_CONSUMER_CONCURRENCY },
  );
