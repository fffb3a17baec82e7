import type { Resolvers } from '../../__generated__/resolvers-types';
import type { Incident } from '../incident/incident.entity';

const found = (incidents: Array<Incident | null | Error>): Incident[] =>
  incidents.filter((incident): incident is Incident => incident !== null && !(incident instanceof Error));

export const miCandidateResolvers = {
  Query: {
    majorIncidentCandidates: (_root, args, context) => context.candidates.list(context.caller, args),
  },
  Mutation: {
    promoteMajorIncidentCandidate: (_root, args, context) => context.candidates.promote(context, args.input),
    dismissMajorIncidentCandidate: (_root, args, context) => context.candidates.dismiss(context, args.input),
  },
  MajorIncidentCandidate: {
    incidents: async (candidate, _args, context) =>
      found(await context.incidentById.loadMany(await context.candidateIncidentIds.load(candidate.id))),
    decidedBy: (candidate) =>
      candidate.decidedById !== null
        ? { id: candidate.decidedById, name: candidate.decidedByName ?? candidate.decidedById }
        : null,
    majorIncident: (candidate, _args, context) =>
      candidate.majorIncidentId !== null ? context.incidentById.load(candidate.majorIncidentId) : null,
  },
} satisfies Resolvers;
