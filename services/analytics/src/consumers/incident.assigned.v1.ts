import { incidentAssignedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { AnalyticsEnv } from '../env';
import { MetricsService } from '../modules/metrics/metrics.service';

/** Keeps the tier and team (assignment group) the metrics are filtered and grouped by. */
export const incidentAssignedConsumer = (deps: ServiceDeps<AnalyticsEnv>) => {
  const metrics = new MetricsService(deps.dataSource);
  return consumerFor(
    deps,
    'analytics',
    incidentAssignedV1,
    async (event, manager) => {
      await metrics.record(manager, event.data.incidentId, {
        type: 'incident.assigned',
        version: event.aggregate.version,
        occurredAt: new Date(event.occurredAt),
        data: event.data,
      });
    },
    { concurrency: deps.env.ANALYTICS_CONSUMER_CONCURRENCY },
  );
};
