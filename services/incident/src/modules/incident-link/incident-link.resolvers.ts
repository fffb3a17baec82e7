import type { Resolvers } from '../../__generated__/resolvers-types';
import type { Incident } from '../incident/incident.entity';

const found = (incidents: Array<Incident | null | Error>): Incident[] =>
  incidents.filter((incident): incident is Incident => incident !== null && !(incident instanceof Error));

export const incidentLinkResolvers = {
  Mutation: {
    linkIncidentsToMajorIncident: (_root, args, context) => context.links.link(context, args.input),
    unlinkIncidentFromMajorIncident: (_root, args, context) => context.links.unlink(context, args.input),
  },
  Incident: {
    // Through the access-filtered loader: a parent or child the caller may not see is left out.
    parent: async (incident, _args, context) => {
      const parentId = await context.parentIdByIncidentId.load(incident.id);
      return parentId ? context.incidentById.load(parentId) : null;
    },
    children: async (incident, _args, context) =>
      found(await context.incidentById.loadMany(await context.childIdsByIncidentId.load(incident.id))),
  },
} satisfies Resolvers;
