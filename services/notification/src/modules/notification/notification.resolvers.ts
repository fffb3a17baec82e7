import type { Resolvers } from '../../__generated__/resolvers-types';
import { languageOf } from './notification.language';

/** Thin: arguments -> use case -> result. Access rules live in the service; it validates inputs too. */
export const notificationResolvers: Resolvers = {
  Query: {
    myNotifications: (_root, args, context) => context.notifications.inbox(context.caller, args),
    // In the caller's scope (notification.access.ts); a malformed id is null, as in `incident(id)`.
    notification: (_root, args, context) => context.notificationById.load(args.id),
    myUnreadNotificationCount: (_root, _args, context) => context.notifications.unreadCount(context.caller),
  },
  Mutation: {
    markNotificationRead: (_root, args, context) => context.notifications.markRead(context.caller, args.id),
  },
  Notification: {
    __resolveReference: (reference, context) => context.notificationById.load(reference.id),
    incident: (notification) =>
      notification.incidentId ? { __typename: 'Incident', id: notification.incidentId } : null,
    language: (notification) => languageOf(notification.locale),
    emailAddress: (notification) => (notification.channel === 'EMAIL' ? notification.destination : null),
  },
  Incident: {
    __resolveReference: (reference) => ({ id: reference.id }),
    notifications: (incident, _args, context) => context.notificationsByIncidentId.load(incident.id),
  },
};
