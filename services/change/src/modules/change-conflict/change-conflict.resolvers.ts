import type { Resolvers } from '../../__generated__/resolvers-types';

export const changeConflictResolvers = {
  ChangeRequest: {
    conflicts: (change, _args, context) => context.conflictsByChange.load(change),
  },
} satisfies Resolvers;
