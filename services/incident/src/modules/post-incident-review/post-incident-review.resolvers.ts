import type { Resolvers } from '../../__generated__/resolvers-types';
import { incidentNotFound } from '../incident/incident.errors';
import { incidentScope, seesInternal } from '../incident/incident.access';

/** Thin: arguments -> use case -> result. The review is internal: reporters get null. */
export const postIncidentReviewResolvers = {
  Mutation: {
    startPostIncidentReview: (_root, args, context) => context.reviews.start(context, args),
    updatePostIncidentReview: (_root, args, context) => context.reviews.update(context, args.input),
    submitPostIncidentReview: (_root, args, context) => context.reviews.submit(context, args),
    returnPostIncidentReviewToDraft: (_root, args, context) => context.reviews.returnToDraft(context, args),
    publishPostIncidentReview: (_root, args, context) => context.reviews.publish(context, args),
  },
  Incident: {
    postIncidentReview: (incident, _args, context) =>
      seesInternal(incidentScope(context.caller)) ? context.reviewByIncidentId.load(incident.id) : null,
    postmortem: async (incident, _args, context) => {
      if (!seesInternal(incidentScope(context.caller))) return null;
      const review = await context.reviewByIncidentId.load(incident.id);
      return review ? context.reviews.postmortem(incident, review) : null;
    },
  },
  PostIncidentReview: {
    // The review was reached through an incident the caller may see, or just written to it.
    incident: async (review, _args, context) => {
      const incident = await context.incidentById.load(review.incidentId);
      if (!incident) throw incidentNotFound(review.incidentId);
      return incident;
    },
    whatWentWell: (review) => review.wentWell,
    whatWentBadly: (review) => review.wentBadly,
    followUpActions: (review) => review.followUps,
    timeline: (review, _args, context) => context.reviews.timelineOf(review.incidentId),
    startedBy: (review) => ({ id: review.startedById, name: review.startedByName }),
    publishedBy: (review) =>
      review.publishedById !== null
        ? { id: review.publishedById, name: review.publishedByName ?? review.publishedById }
        : null,
  },
  FollowUpAction: {
    dueAt: (action) => new Date(action.dueAt),
  },
} satisfies Resolvers;
