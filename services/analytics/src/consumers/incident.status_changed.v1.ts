import { incidentStatusChangedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { AnalyticsEnv } from '../env';
import { MetricsService } from '../modules/metrics/metrics.service';

/** Moves the status, acknowledgement and resolution times, whatever order the events arrive in. */
export const incidentStatusChangedConsumer = (deps: ServiceDeps<AnalyticsEnv>) => {
  const metrics = new MetricsService(deps.dataSource);
  return consumerFor(
    deps,
    'analytics',
    incidentStatusChangedV1,
    async (event, manager) => {
      await metrics.record(manager, event.data.incidentId, {
        type: 'incident.status_changed',
        version: event.aggregate.version,
        occurredAt: new Date(event.occurredAt),
        data: event.data,
      });
    },
    { concurrency: deps.env.ANALYTICS_CONSUMER_CONCURRENCY },
  );
};
