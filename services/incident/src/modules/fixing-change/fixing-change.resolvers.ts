import type { Resolvers } from '../../__generated__/resolvers-types';

export const fixingChangeResolvers = {
  Incident: {
    // The incident was resolved within the caller's scope; one query for a page of incidents.
    hasImplementedFix: (incident, _args, context) => context.implementedFixByIncidentId.load(incident.id),
  },
} satisfies Resolvers;
