import type { Resolvers } from '../../__generated__/resolvers-types';

/** Thin: arguments -> use case -> result. */
export const templateResolvers = {
  Query: {
    notificationPreview: (_root, args, context) => context.templates.preview(context.caller, args),
  },
} satisfies Resolvers;
