import { DateTimeScalar } from '@mim/service-kit';
import type { Resolvers } from './__generated__/resolvers-types';
import { changeApprovalResolvers } from './modules/change-approval/change-approval.resolvers';
import { changeConflictResolvers } from './modules/change-conflict/change-conflict.resolvers';
import { changeRequestResolvers } from './modules/change-request/change-request.resolvers';
import { changeReviewResolvers } from './modules/change-review/change-review.resolvers';
import { freezePeriodResolvers } from './modules/freeze-period/freeze-period.resolvers';
import { standardChangeTemplateResolvers } from './modules/standard-change-template/standard-change-template.resolvers';

/** The resolvers of every module, one map for the subgraph. */
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    ...changeRequestResolvers.Query,
    ...freezePeriodResolvers.Query,
    ...standardChangeTemplateResolvers.Query,
  },
  Mutation: {
    ...changeRequestResolvers.Mutation,
    ...changeApprovalResolvers.Mutation,
    ...changeReviewResolvers.Mutation,
    ...freezePeriodResolvers.Mutation,
    ...standardChangeTemplateResolvers.Mutation,
  },
  ChangeRequest: {
    ...changeRequestResolvers.ChangeRequest,
    ...changeApprovalResolvers.ChangeRequest,
    ...changeReviewResolvers.ChangeRequest,
    ...changeConflictResolvers.ChangeRequest,
    ...standardChangeTemplateResolvers.ChangeRequest,
  },
  Incident: changeRequestResolvers.Incident,
  Problem: changeRequestResolvers.Problem,
};
