import { GraphQLError, GraphQLScalarType } from 'graphql';
import type { Resolvers } from '../../__generated__/resolvers-types';

/** Output-only JSON objects (timeline details); nothing takes JSON as input. */
export const JsonScalar = new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
  name: 'JSON',
  description: 'A JSON object',
  serialize: (value) => value as Record<string, unknown>,
  parseValue: () => {
    throw new GraphQLError('JSON is output only', { extensions: { code: 'BAD_USER_INPUT' } });
  },
  parseLiteral: () => {
    throw new GraphQLError('JSON is output only', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

export const timelineResolvers = {
  JSON: JsonScalar,
  Query: {
    incidentTimelineEntries: (_root, args, context) => context.queries.timelineEntries(context.caller, args),
  },
  IncidentTimelineEntry: {
    actor: (entry) => ({ id: entry.actorId, name: entry.actorName }),
    // Whoever reads an entry was allowed to see its incident (entries are only read through it).
    incident: async (entry, _args, context) => (await context.incidentById.load(entry.incidentId))!,
  },
} satisfies Resolvers;
