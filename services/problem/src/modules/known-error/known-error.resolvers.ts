import type { Resolvers } from '../../__generated__/resolvers-types';
import { problemNotFound } from '../problem/problem.errors';

/** Thin: arguments -> use case -> result. */
export const knownErrorResolvers = {
  Query: {
    searchKnownErrors: (_root, args, context) => context.knownErrors.search(context.caller, args),
  },
  Mutation: {
    recordKnownError: (_root, args, context) => context.knownErrors.record(context, args.input),
  },
  Problem: {
    knownErrors: (problem, _args, context) => context.knownErrorsByProblemId.load(problem.id),
  },
  KnownError: {
    // A known error is only ever reached through a problem the caller may see.
    problem: async (knownError, _args, context) => {
      const problem = await context.problemById.load(knownError.problemId);
      if (!problem) throw problemNotFound(knownError.problemId);
      return problem;
    },
    recordedBy: (knownError) => ({ id: knownError.recordedById, name: knownError.recordedByName }),
  },
} satisfies Resolvers;
