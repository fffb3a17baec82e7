import { join } from 'node:path';
import { type ServerDeps, createSubgraphServer, loadTypeDefs, standardHealthChecks } from '@mim/service-kit';
import { type AnalyticsContext, buildContext } from './context';
import type { AnalyticsEnv } from './env';
import { metricsResolvers } from './modules/metrics/metrics.resolvers';
import { metricsModuleFor } from './modules/metrics/metrics.module';
import { createProjectionRebuild } from './modules/rebuild/rebuild.module';
import { rebuildResolvers } from './modules/rebuild/rebuild.resolvers';

export function createServer(deps: ServerDeps<AnalyticsEnv>) {
  const { metrics, queries } = metricsModuleFor(deps);
  return createSubgraphServer<AnalyticsContext>({
    service: 'analytics',
    typeDefs: loadTypeDefs(join(__dirname, 'modules')),
    resolvers: { ...metricsResolvers, ...rebuildResolvers(createProjectionRebuild(deps)) },
    verifier: deps.verifier,
    logger: deps.logger,
    metrics: deps.metrics,
    ...standardHealthChecks(deps),
    buildContext: (base) => buildContext(base, metrics, queries),
    introspection: deps.env.NODE_ENV !== 'production',
  });
}
