import { DateTimeScalar } from '@mim/service-kit';
import type { Resolvers } from './__generated__/resolvers-types';
import { incidentSuggestionResolvers } from './modules/incident-suggestions/incident-suggestions.resolvers';
import { knownErrorResolvers } from './modules/known-error/known-error.resolvers';
import { mergeResolvers } from './modules/merge/merge.resolvers';
import { problemResolvers } from './modules/problem/problem.resolvers';
import { rootCauseResolvers } from './modules/root-cause/root-cause.resolvers';

/** The resolvers of every module, one map for the subgraph. */
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { ...problemResolvers.Query, ...knownErrorResolvers.Query },
  Mutation: {
    ...problemResolvers.Mutation,
    ...rootCauseResolvers.Mutation,
    ...knownErrorResolvers.Mutation,
    ...mergeResolvers.Mutation,
  },
  Problem: {
    ...problemResolvers.Problem,
    ...rootCauseResolvers.Problem,
    ...knownErrorResolvers.Problem,
    ...mergeResolvers.Problem,
  },
  Incident: { ...problemResolvers.Incident, ...incidentSuggestionResolvers.Incident },
  RootCauseAnalysis: rootCauseResolvers.RootCauseAnalysis,
  KnownError: knownErrorResolvers.KnownError,
};
