import { incidentSlaBreachedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { AnalyticsEnv } from '../env';
import { MetricsService } from '../modules/metrics/metrics.service';

/** Records a missed first-response or resolution target (SLA compliance). */
export const incidentSlaBreachedConsumer = (deps: ServiceDeps<AnalyticsEnv>) => {
  const metrics = new MetricsService(deps.dataSource);
  return consumerFor(
    deps,
    'analytics',
    incidentSlaBreachedV1,
    async (event, manager) => {
      await metrics.record(manager, event.data.incidentId, {
        type: 'incident.sla_breached',
        version: event.aggregate.version,
        occurredAt: new Date(event.occurredAt),
        data: event.data,
      });
    },
    { concurrency: deps.env.ANALYTICS_CONSUMER_CONCURRENCY },
  );
};
