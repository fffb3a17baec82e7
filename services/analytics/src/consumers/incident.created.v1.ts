import { incidentCreatedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { AnalyticsEnv } from '../env';
import { MetricsService } from '../modules/metrics/metrics.service';

/** Fills the report's facts (number, kind, priority, channel, category, services, report and failure times). */
export const incidentCreatedConsumer = (deps: ServiceDeps<AnalyticsEnv>) => {
  const metrics = new MetricsService(deps.dataSource);
  return consumerFor(
    deps,
    'analytics',
    incidentCreatedV1,
    async (event, manager) => {
      await metrics.record(manager, event.data.incidentId, {
        type: 'incident.created',
        version: event.aggregate.version,
        occurredAt: new Date(event.occurredAt),
        data: event.data,
      });
    },
    { concurrency: deps.env.ANALYTICS_CONSUMER_CONCURRENCY },
  );
};
