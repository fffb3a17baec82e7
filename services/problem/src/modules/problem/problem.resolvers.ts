import { DateTimeScalar } from '@mim/service-kit';
import type { Resolvers } from '../../__generated__/resolvers-types';

/** Thin: arguments -> use case -> result. Access rules live in the service; it validates inputs too. */
export const problemResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    problem: (_root, args, context) => context.problemById.load(args.id),
    problems: (_root, args, context) => context.problems.list(context.caller, args),
  },
  Mutation: {
    createProblem: (_root, args, context) => context.problems.create(context, args.input),
    changeProblemStatus: (_root, args, context) => context.problems.changeStatus(context, args),
  },
  Problem: {
    __resolveReference: (reference, context) => context.problemById.load(reference.id),
    incidents: async (problem, _args, context) =>
      (await context.incidentIdsByProblemId.load(problem.id)).map((id) => ({ __typename: 'Incident', id })),
  },
  Incident: {
    // The incident subgraph owns incidents; here an incident is only its key.
    __resolveReference: (reference) => ({ id: reference.id }),
    problems: (incident, _args, context) => context.problemsByIncidentId.load(incident.id),
  },
};
