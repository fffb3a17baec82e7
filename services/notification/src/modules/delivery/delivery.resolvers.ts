import type { Resolvers } from '../../__generated__/resolvers-types';

/** Thin: arguments -> use case -> result. Access rules and validation live in the service. */
export const deliveryResolvers = {
  Query: {
    deadLetteredNotifications: (_root, args, context) =>
      context.deliveries.deadLettered(context.caller, args),
  },
  Mutation: {
    resendNotification: (_root, args, context) => context.deliveries.resend(context.caller, args.id),
  },
} satisfies Resolvers;
