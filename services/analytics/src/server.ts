import { join } from 'node:path';
import { type ServerDeps, createSubgraphServer, loadTypeDefs, standardHealthChecks } from '@mim/service-kit';
import { type AnalyticsContext, buildContext } from './context';
import type { AnalyticsEnv } from './env';
import { metricsResolvers } from './modules/metrics/metrics.resolvers';
import { MetricsService } from './modules/metrics/metrics.service';

export function createServer(deps: ServerDeps<AnalyticsEnv>) {
  const metrics = new MetricsService(deps.dataSource);
  return createSubgraphServer<AnalyticsContext>({
    service: 'analytics',
    typeDefs: loadTypeDefs(join(__dirname, 'modules')),
    resolvers: metricsResolvers,
    verifier: deps.verifier,
    logger: deps.logger,
    metrics: deps.metrics,
    ...standardHealthChecks(deps),
    buildContext: (base) => buildContext(base, metrics),
    introspection: deps.env.NODE_ENV !== 'production',
  });
}
