import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DateTimeScalar } from '@mim/service-kit';
import type { ProblemContext } from '../../context';
import type { Problem } from './problem.entity';

interface IncidentReference {
  __typename?: 'Incident';
  id: string;
}

/** Thin: arguments -> use case -> result. Access rules live in the service. */
export const problemResolvers: GraphQLResolverMap<ProblemContext> = {
  DateTime: DateTimeScalar,
  Query: {
    problem: (_root, args: { id: string }, context) => context.problemById.load(args.id),
    problems: (_root, args: Record<string, unknown>, context) => context.problems.list(context.caller, args),
  },
  Mutation: {
    createProblem: (_root, args: { input: unknown }, context) => context.problems.create(context, args.input),
    changeProblemStatus: (_root, args: Record<string, unknown>, context) =>
      context.problems.changeStatus(context, args),
  },
  Problem: {
    __resolveReference: (reference: { id: string }, context: ProblemContext) =>
      context.problemById.load(reference.id),
    incidents: async (problem: Problem, _args, context): Promise<IncidentReference[]> =>
      (await context.incidentIdsByProblemId.load(problem.id)).map((id) => ({ __typename: 'Incident', id })),
  },
  Incident: {
    // The incident subgraph owns incidents; here an incident is only its key.
    __resolveReference: (reference: IncidentReference): IncidentReference => ({ id: reference.id }),
    problems: (incident: IncidentReference, _args, context) => context.problemsByIncidentId.load(incident.id),
  },
};
