import { incidentParticipantAddedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { NotificationEnv } from '../env';
import type { NotificationReactions } from '../modules/notification/notification.reactions';

/** Keeps the team (the major incident manager and communications lead are audiences). */
export const incidentParticipantAddedConsumer = (
  deps: ServiceDeps<NotificationEnv>,
  reactions: NotificationReactions,
) =>
  consumerFor(
    deps,
    'notification',
    incidentParticipantAddedV1,
    (event, manager) => reactions.participantAdded(event, manager),
    { concurrency: deps.env.NOTIFICATION_CONSUMER_CONCURRENCY },
  );
