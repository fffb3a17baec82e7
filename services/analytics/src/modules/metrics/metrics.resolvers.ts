import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DateTimeScalar } from '@mim/service-kit';
import type { AnalyticsContext } from '../../context';
import { durationsOf } from './metrics.domain';

/** Thin: arguments -> use case -> result. Access rules live in the service. */
export const metricsResolvers: GraphQLResolverMap<AnalyticsContext> = {
  DateTime: DateTimeScalar,
  Query: {
    incidentMetricsSummary: (_root, args: { from: Date; to: Date }, context) =>
      context.metrics.summary(context.caller, args.from, args.to),
  },
  Incident: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    metrics: async (incident: { id: string }, _args, context) => {
      const row = await context.metricsByIncidentId.load(incident.id);
      return row ? durationsOf(row) : null;
    },
  },
};
