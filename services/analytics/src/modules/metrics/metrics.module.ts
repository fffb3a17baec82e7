import type { ServerDeps } from '@mim/service-kit';
import type { AnalyticsEnv } from '../../env';
import { FactStore } from './fact-store';
import { MetricsQueryService } from './metrics-query.service';
import { MetricsService } from './metrics.service';

/** The metrics use cases of one process: the read model's writer and lookups, the fact store, the query engine. */
export interface MetricsModule {
  metrics: MetricsService;
  /** A background worker (service definition's `workers`), loaded before the server listens. */
  store: FactStore;
  queries: MetricsQueryService;
}

const modules = new WeakMap<object, MetricsModule>();

/**
 * One module per data source: `createServer` and `workers` receive the same deps and must share the one
 * fact store the worker fills and the queries read.
 */
export function metricsModuleFor(deps: ServerDeps<AnalyticsEnv>): MetricsModule {
  let module = modules.get(deps.dataSource);
  if (!module) {
    const store = new FactStore({
      dataSource: deps.dataSource,
      logger: deps.logger,
      registry: deps.metrics.registry,
      refreshMs: deps.env.ANALYTICS_REFRESH_MS,
    });
    module = {
      metrics: new MetricsService(deps.dataSource),
      store,
      queries: new MetricsQueryService(store, {
        maxIntervals: deps.env.ANALYTICS_MAX_INTERVALS,
        maxBuckets: deps.env.ANALYTICS_MAX_BUCKETS,
      }),
    };
    modules.set(deps.dataSource, module);
  }
  return module;
}
