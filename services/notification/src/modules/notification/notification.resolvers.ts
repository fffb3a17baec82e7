import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DateTimeScalar } from '@mim/service-kit';
import type { NotificationContext } from '../../context';
import type { Notification } from './notification.entity';

/** Thin: arguments -> use case -> result. Access rules live in the service. */
export const notificationResolvers: GraphQLResolverMap<NotificationContext> = {
  DateTime: DateTimeScalar,
  Query: {
    myNotifications: (_root, args: Record<string, unknown>, context) =>
      context.notifications.inbox(context.caller, args),
  },
  Mutation: {
    markNotificationRead: (_root, args: { id: string }, context) =>
      context.notifications.markRead(context.caller, args.id),
  },
  Notification: {
    __resolveReference: (reference: { id: string }, context: NotificationContext) =>
      context.notificationById.load(reference.id),
    incident: (notification: Notification) =>
      notification.incidentId ? { __typename: 'Incident', id: notification.incidentId } : null,
  },
  Incident: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    notifications: (incident: { id: string }, _args, context) =>
      context.notificationsByIncidentId.load(incident.id),
  },
};
