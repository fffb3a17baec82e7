import type { BaseContext } from '@mim/service-kit';
import DataLoader from 'dataloader';
import type { IncidentMetrics } from './modules/metrics/metrics.entity';
import type { MetricsQueryService } from './modules/metrics/metrics-query.service';
import type { MetricsService } from './modules/metrics/metrics.service';

export interface AnalyticsContext extends BaseContext {
  metrics: MetricsService;
  /** `metrics` and `metricsCsv`, answered from this process's fact store. */
  metricsQueries: MetricsQueryService;
  /** `Incident.metrics` for many incidents in one query; null where unknown or not visible. */
  metricsByIncidentId: DataLoader<string, IncidentMetrics | null>;
}

export function buildContext(
  base: BaseContext,
  metrics: MetricsService,
  metricsQueries: MetricsQueryService,
): AnalyticsContext {
  return {
    ...base,
    metrics,
    metricsQueries,
    metricsByIncidentId: new DataLoader((ids) => metrics.findVisibleByIncidentIds(base.caller, ids)),
  };
}
