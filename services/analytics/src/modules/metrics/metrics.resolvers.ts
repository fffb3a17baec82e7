import { DateTimeScalar } from '@mim/service-kit';
import type { Resolvers } from '../../__generated__/resolvers-types';
import { durationsOf } from './metrics.domain';

/** Thin: arguments -> use case -> result. Access rules live in the service. */
export const metricsResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    incidentMetricsSummary: (_root, args, context) =>
      context.metrics.summary(context.caller, args.from, args.to),
    metrics: (_root, args, context) => context.metricsQueries.metrics(context.caller, args),
    metricsCsv: (_root, args, context) => context.metricsQueries.metricsCsv(context.caller, args),
  },
  Incident: {
    __resolveReference: (reference) => ({ id: reference.id }),
    metrics: async (incident, _args, context) => {
      const row = await context.metricsByIncidentId.load(incident.id);
      return row ? durationsOf(row) : null;
    },
  },
};
