import { incidentMajorDeclaredV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { AnalyticsEnv } from '../env';
import { MetricsService } from '../modules/metrics/metrics.service';

/** Marks the incident major (the major incident count, trend and downtime). */
export const incidentMajorDeclaredConsumer = (deps: ServiceDeps<AnalyticsEnv>) => {
  const metrics = new MetricsService(deps.dataSource);
  return consumerFor(
    deps,
    'analytics',
    incidentMajorDeclaredV1,
    async (event, manager) => {
      await metrics.record(manager, event.data.incidentId, {
        type: 'incident.major_declared',
        version: event.aggregate.version,
        occurredAt: new Date(event.occurredAt),
        data: event.data,
      });
    },
    { concurrency: deps.env.ANALYTICS_CONSUMER_CONCURRENCY },
  );
};
