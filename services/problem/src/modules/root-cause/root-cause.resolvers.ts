import type { Resolvers } from '../../__generated__/resolvers-types';

/** Thin: arguments -> use case -> result; the analysis's structure is spread over one list per method. */
export const rootCauseResolvers = {
  Mutation: {
    recordRootCauseAnalysis: (_root, args, context) => context.analyses.record(context, args.input),
  },
  Problem: {
    rootCauseAnalysis: (problem, _args, context) => context.analysisByProblemId.load(problem.id),
  },
  RootCauseAnalysis: {
    whys: (analysis) => (analysis.detail.method === 'FIVE_WHYS' ? analysis.detail.whys : []),
    fishbone: (analysis) => (analysis.detail.method === 'FISHBONE' ? analysis.detail.categories : []),
    timeline: (analysis) =>
      analysis.detail.method === 'TIMELINE_ANALYSIS'
        ? analysis.detail.events.map((event) => ({ at: new Date(event.at), event: event.event }))
        : [],
    recordedBy: (analysis) => ({ id: analysis.recordedById, name: analysis.recordedByName }),
  },
} satisfies Resolvers;
