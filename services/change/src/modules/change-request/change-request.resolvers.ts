import type { Resolvers, ResolversParentTypes } from '../../__generated__/resolvers-types';

type IncidentReference = ResolversParentTypes['Incident'];
type ProblemReference = ResolversParentTypes['Problem'];

const incidentReference = (id: string): IncidentReference => ({ __typename: 'Incident', id });
const problemReference = (id: string): ProblemReference => ({ __typename: 'Problem', id });

/** Thin: arguments -> use case -> result. Access rules live in the service; it validates inputs too. */
export const changeRequestResolvers = {
  Query: {
    changeRequest: (_root, args, context) => context.changeById.load(args.id),
    changeRequests: (_root, args, context) => context.changes.list(context.caller, args),
  },
  Mutation: {
    createChangeRequest: (_root, args, context) => context.changes.create(context, args.input),
    submitChangeRequest: (_root, args, context) => context.changes.submit(context, args),
    changeChangeRequestStatus: (_root, args, context) => context.changes.changeStatus(context, args),
  },
  ChangeRequest: {
    __resolveReference: (reference, context) => context.changeById.load(reference.id),
    incidents: async (change, _args, context) =>
      (await context.incidentLinksByChangeId.load(change.id)).map((link) =>
        incidentReference(link.incidentId),
      ),
    incidentLinks: async (change, _args, context) =>
      (await context.incidentLinksByChangeId.load(change.id)).map((link) => ({
        incident: incidentReference(link.incidentId),
        relation: link.relation,
      })),
    problems: async (change, _args, context) =>
      (await context.problemIdsByChangeId.load(change.id)).map(problemReference),
  },
  Incident: {
    // The incident subgraph owns incidents; here an incident is only its key.
    __resolveReference: (reference) => ({ id: reference.id }),
    changes: (incident, _args, context) => context.changesByIncidentId.load(incident.id),
  },
  Problem: {
    // The problem subgraph owns problems; here a problem is only its key.
    __resolveReference: (reference) => ({ id: reference.id }),
    changes: (problem, _args, context) => context.changesByProblemId.load(problem.id),
  },
} satisfies Resolvers;
