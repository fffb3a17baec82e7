import type { Resolvers } from '../../__generated__/resolvers-types';

export const majorIncidentResolvers = {
  Mutation: {
    declareMajorIncident: (_root, args, context) => context.majorIncidents.declare(context, args.input),
    recordServiceRestored: (_root, args, context) =>
      context.majorIncidents.recordServiceRestored(context, args.input),
  },
} satisfies Resolvers;
