import type { Resolvers } from '../../__generated__/resolvers-types';

export const commentResolvers = {
  Mutation: {
    addIncidentComment: (_root, args, context) => context.comments.add(context, args),
  },
  IncidentComment: {
    // The comment was just added to, or read from, an incident the caller may see.
    incident: async (comment, _args, context) => (await context.incidentById.load(comment.incidentId))!,
    author: (comment) => ({ id: comment.authorId, name: comment.authorName }),
  },
} satisfies Resolvers;
