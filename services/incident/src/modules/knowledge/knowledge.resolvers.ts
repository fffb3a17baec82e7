import type { Resolvers } from '../../__generated__/resolvers-types';

export const knowledgeResolvers = {
  Incident: {
    similarMajorIncidents: async (incident, args, context) => {
      const rows = await context.knowledge.similarMajorIncidents(context.caller, incident, args);
      const incidents = await context.incidentById.loadMany(rows.map((row) => row.incidentId));
      return rows.flatMap((row, index) => {
        const similar = incidents[index];
        return similar && !(similar instanceof Error)
          ? [{ incident: similar, similarity: row.similarity }]
          : [];
      });
    },
  },
} satisfies Resolvers;
