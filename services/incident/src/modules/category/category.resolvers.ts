import type { Resolvers } from '../../__generated__/resolvers-types';

export const categoryResolvers = {
  Query: {
    incidentCategories: async (_root, args, context) =>
      (await context.categoryCatalogue()).filter(
        (category) => category.parentId === null && (args.includeRetired || category.retiredAt === null),
      ),
  },
  Mutation: {
    addIncidentCategory: (_root, args, context) => context.categories.add(context, args.input),
    retireIncidentCategory: (_root, args, context) => context.categories.retire(context, args.id),
  },
  IncidentCategory: {
    parent: async (category, _args, context) =>
      category.parentId === null
        ? null
        : ((await context.categoryCatalogue()).find((entry) => entry.id === category.parentId) ?? null),
    subcategories: async (category, args, context) =>
      (await context.categoryCatalogue()).filter(
        (entry) => entry.parentId === category.id && (args.includeRetired || entry.retiredAt === null),
      ),
  },
} satisfies Resolvers;
