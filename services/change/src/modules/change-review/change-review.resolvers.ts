import type { Resolvers } from '../../__generated__/resolvers-types';
import { reviewOf } from './change-review.service';

export const changeReviewResolvers = {
  Mutation: {
    recordPostImplementationReview: (_root, args, context) => context.reviews.record(context, args.input),
  },
  ChangeRequest: {
    review: (change) => reviewOf(change),
  },
} satisfies Resolvers;
