import type { Resolvers } from '../../__generated__/resolvers-types';

export const statusUpdateResolvers = {
  Mutation: {
    publishStatusUpdate: (_root, args, context) => context.statusUpdates.publish(context, args.input),
  },
  Incident: {
    // The incident was resolved within the caller's scope; the loader keeps what the caller may read.
    statusUpdates: (incident, _args, context) => context.statusUpdatesByIncidentId.load(incident.id),
  },
  IncidentStatusUpdate: {
    publishedBy: (update) => ({ id: update.publishedById, name: update.publishedByName }),
  },
} satisfies Resolvers;
