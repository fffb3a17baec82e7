import type { Resolvers } from '../../__generated__/resolvers-types';

export const standardChangeTemplateResolvers = {
  Query: {
    standardChangeTemplates: (_root, args, context) => context.templates.list(context.caller, args),
    standardChangeTemplate: async (_root, args, context) =>
      (await context.templates.findVisibleByIds(context.caller, [args.id]))[0] ?? null,
  },
  Mutation: {
    createStandardChangeTemplate: (_root, args, context) => context.templates.create(context, args.input),
    updateStandardChangeTemplate: (_root, args, context) => context.templates.update(context, args.input),
    retireStandardChangeTemplate: (_root, args, context) => context.templates.retire(context, args),
    createStandardChangeRequest: (_root, args, context) =>
      context.templates.createStandardChange(context, args.input),
  },
  ChangeRequest: {
    template: (change, _args, context) =>
      change.templateId === null ? null : context.templateById.load(change.templateId),
  },
} satisfies Resolvers;
