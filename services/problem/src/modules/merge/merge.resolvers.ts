import type { Resolvers } from '../../__generated__/resolvers-types';

/** Thin: arguments -> use case -> result. */
export const mergeResolvers = {
  Mutation: {
    mergeProblems: (_root, args, context) => context.merges.merge(context, args.input),
  },
  Problem: {
    mergedInto: (problem, _args, context) =>
      problem.mergedIntoId ? context.problemById.load(problem.mergedIntoId) : null,
  },
} satisfies Resolvers;
