import type { Resolvers } from '../../__generated__/resolvers-types';

/** Thin: arguments -> use case -> result. Access rules live in the services; they validate inputs too. */
export const problemResolvers = {
  Query: {
    problem: (_root, args, context) => context.problemById.load(args.id),
    problems: (_root, args, context) => context.queries.list(context.caller, args),
  },
  Mutation: {
    createProblem: (_root, args, context) => context.problems.create(context, args.input),
    changeProblemStatus: (_root, args, context) => context.problems.changeStatus(context, args),
    assignProblemOwner: (_root, args, context) => context.problems.assignOwner(context, args),
    linkIncidentsToProblem: (_root, args, context) => context.problems.linkIncidents(context, args),
  },
  Problem: {
    __resolveReference: (reference, context) => context.problemById.load(reference.id),
    owner: (problem) =>
      problem.ownerId !== null ? { id: problem.ownerId, name: problem.ownerName ?? problem.ownerId } : null,
    incidents: async (problem, _args, context) =>
      (await context.incidentIdsByProblemId.load(problem.id)).map((id) => ({ __typename: 'Incident', id })),
    originIncident: (problem) =>
      problem.originIncidentId ? { __typename: 'Incident', id: problem.originIncidentId } : null,
  },
  Incident: {
    // The incident subgraph owns incidents; here an incident is only its key, and the fields a field of
    // this subgraph `@requires` (title, symptoms: incident-suggestions), when the gateway sends them.
    __resolveReference: (reference) => reference,
    problems: (incident, _args, context) => context.problemsByIncidentId.load(incident.id),
  },
} satisfies Resolvers;
