import { join } from 'node:path';
import { type ServerDeps, createSubgraphServer, loadTypeDefs, standardHealthChecks } from '@mim/service-kit';
import { type IncidentContext, buildContext } from './context';
import type { IncidentEnv } from './env';
import { createIncidentModule } from './incident-module';
import { resolvers } from './resolvers';

export function createServer(deps: ServerDeps<IncidentEnv>) {
  const module = createIncidentModule(deps.dataSource, deps.env);
  return createSubgraphServer<IncidentContext>({
    service: 'incident',
    typeDefs: loadTypeDefs(join(__dirname, 'modules')),
    resolvers,
    verifier: deps.verifier,
    logger: deps.logger,
    metrics: deps.metrics,
    ...standardHealthChecks(deps),
    buildContext: (base) => buildContext(base, module),
    introspection: deps.env.NODE_ENV !== 'production',
  });
}
