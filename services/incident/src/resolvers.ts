import { DateTimeScalar } from '@mim/service-kit';
import type { Resolvers } from './__generated__/resolvers-types';
import { categoryResolvers } from './modules/category/category.resolvers';
import { commentResolvers } from './modules/comment/comment.resolvers';
import { incidentResolvers } from './modules/incident/incident.resolvers';
import { timelineResolvers } from './modules/timeline/timeline.resolvers';

/** The resolvers of every module, one map for the subgraph. */
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: timelineResolvers.JSON,
  Query: { ...incidentResolvers.Query, ...categoryResolvers.Query },
  Mutation: { ...incidentResolvers.Mutation, ...commentResolvers.Mutation, ...categoryResolvers.Mutation },
  Incident: incidentResolvers.Incident,
  IncidentComment: commentResolvers.IncidentComment,
  IncidentTimelineEntry: timelineResolvers.IncidentTimelineEntry,
  IncidentCategory: categoryResolvers.IncidentCategory,
};
