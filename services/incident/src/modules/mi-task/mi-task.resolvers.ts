import type { Resolvers } from '../../__generated__/resolvers-types';
import { incidentNotFound } from '../incident/incident.errors';
import { incidentScope, seesInternal } from '../incident/incident.access';
import { isOverdue } from './mi-task.domain';

export const miTaskResolvers = {
  Mutation: {
    createIncidentTask: (_root, args, context) => context.tasks.create(context, args.input),
    assignIncidentTask: (_root, args, context) => context.tasks.assign(context, args.input),
    startIncidentTask: (_root, args, context) => context.tasks.start(context, args.input),
    completeIncidentTask: (_root, args, context) => context.tasks.complete(context, args.input),
    cancelIncidentTask: (_root, args, context) => context.tasks.cancel(context, args.input),
  },
  Incident: {
    // The incident was resolved within the caller's scope; tasks are the team's, like internal entries.
    tasks: (incident, _args, context) =>
      seesInternal(incidentScope(context.caller)) ? context.tasksByIncidentId.load(incident.id) : [],
  },
  MajorIncidentTask: {
    incident: async (task, _args, context) =>
      (await context.incidentById.load(task.incidentId)) ?? Promise.reject(incidentNotFound(task.incidentId)),
    owner: (task) =>
      task.ownerId !== null ? { id: task.ownerId, name: task.ownerName ?? task.ownerId } : null,
    overdue: (task) => isOverdue(task, new Date()),
  },
} satisfies Resolvers;
