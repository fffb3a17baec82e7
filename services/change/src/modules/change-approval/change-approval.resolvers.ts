import type { Resolvers } from '../../__generated__/resolvers-types';

export const changeApprovalResolvers = {
  Mutation: {
    recordChangeApproval: (_root, args, context) => context.approvals.record(context, args.input),
  },
  ChangeRequest: {
    approvals: (change, _args, context) => context.approvalsByChangeId.load(change.id),
  },
} satisfies Resolvers;
