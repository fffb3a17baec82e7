import { DateTimeScalar } from '@mim/service-kit';
import type { Resolvers } from './__generated__/resolvers-types';
import { categoryResolvers } from './modules/category/category.resolvers';
import { commentResolvers } from './modules/comment/comment.resolvers';
import { fixingChangeResolvers } from './modules/fixing-change/fixing-change.resolvers';
import { incidentResolvers } from './modules/incident/incident.resolvers';
import { incidentLinkResolvers } from './modules/incident-link/incident-link.resolvers';
import { knowledgeResolvers } from './modules/knowledge/knowledge.resolvers';
import { majorIncidentResolvers } from './modules/major-incident/major-incident.resolvers';
import { miTaskResolvers } from './modules/mi-task/mi-task.resolvers';
import { miCandidateResolvers } from './modules/mi-candidate/mi-candidate.resolvers';
import { participantResolvers } from './modules/participant/participant.resolvers';
import { postIncidentReviewResolvers } from './modules/post-incident-review/post-incident-review.resolvers';
import { statusUpdateResolvers } from './modules/status-update/status-update.resolvers';
import { timelineResolvers } from './modules/timeline/timeline.resolvers';
import { warRoomResolvers } from './modules/war-room/war-room.resolvers';

/**
 * The resolvers of every module, one map for the subgraph. `Subscription` has none: the gateway serves
 * subscriptions (incident.graphql).
 */
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: timelineResolvers.JSON,
  Query: {
    ...incidentResolvers.Query,
    ...timelineResolvers.Query,
    ...categoryResolvers.Query,
    ...miCandidateResolvers.Query,
  },
  Mutation: {
    ...incidentResolvers.Mutation,
    ...commentResolvers.Mutation,
    ...participantResolvers.Mutation,
    ...majorIncidentResolvers.Mutation,
    ...postIncidentReviewResolvers.Mutation,
    ...miCandidateResolvers.Mutation,
    ...incidentLinkResolvers.Mutation,
    ...categoryResolvers.Mutation,
    ...miTaskResolvers.Mutation,
    ...statusUpdateResolvers.Mutation,
    ...warRoomResolvers.Mutation,
  },
  Incident: {
    ...incidentResolvers.Incident,
    ...participantResolvers.Incident,
    ...fixingChangeResolvers.Incident,
    ...knowledgeResolvers.Incident,
    ...postIncidentReviewResolvers.Incident,
    ...incidentLinkResolvers.Incident,
    ...miTaskResolvers.Incident,
    ...statusUpdateResolvers.Incident,
    ...warRoomResolvers.Incident,
  },
  IncidentComment: commentResolvers.IncidentComment,
  IncidentParticipant: participantResolvers.IncidentParticipant,
  PostIncidentReview: postIncidentReviewResolvers.PostIncidentReview,
  FollowUpAction: postIncidentReviewResolvers.FollowUpAction,
  MajorIncidentTask: miTaskResolvers.MajorIncidentTask,
  IncidentStatusUpdate: statusUpdateResolvers.IncidentStatusUpdate,
  MajorIncidentCandidate: miCandidateResolvers.MajorIncidentCandidate,
  IncidentTimelineEntry: timelineResolvers.IncidentTimelineEntry,
  IncidentCategory: categoryResolvers.IncidentCategory,
};
