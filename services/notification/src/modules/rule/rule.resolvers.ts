import type { Resolvers } from '../../__generated__/resolvers-types';

/** Thin: arguments -> use case -> result. Access rules and validation live in the service. */
export const ruleResolvers = {
  Query: {
    notificationRules: (_root, args, context) => context.rules.rules(context.caller, args),
  },
  Mutation: {
    createNotificationRule: (_root, args, context) => context.rules.create(context.caller, args.input),
    updateNotificationRule: (_root, args, context) => context.rules.update(context.caller, args),
    deleteNotificationRule: (_root, args, context) => context.rules.delete(context.caller, args.id),
  },
} satisfies Resolvers;
