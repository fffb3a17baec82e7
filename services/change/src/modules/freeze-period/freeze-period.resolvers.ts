import type { Resolvers } from '../../__generated__/resolvers-types';

export const freezePeriodResolvers = {
  Query: {
    freezePeriods: (_root, args, context) => context.freezes.list(context.caller, args),
    freezePeriod: (_root, args, context) => context.freezes.findVisible(context.caller, args.id),
  },
  Mutation: {
    createFreezePeriod: (_root, args, context) => context.freezes.create(context, args.input),
    updateFreezePeriod: (_root, args, context) => context.freezes.update(context, args.input),
    deleteFreezePeriod: (_root, args, context) => context.freezes.delete(context, args),
  },
} satisfies Resolvers;
