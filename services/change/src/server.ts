import { join } from 'node:path';
import { type ServerDeps, createSubgraphServer, loadTypeDefs, standardHealthChecks } from '@mim/service-kit';
import { createChangeModule } from './change-module';
import { type ChangeContext, buildContext } from './context';
import type { ChangeEnv } from './env';
import { resolvers } from './resolvers';

export function createServer(deps: ServerDeps<ChangeEnv>) {
  const module = createChangeModule(deps.dataSource, deps.env);
  return createSubgraphServer<ChangeContext>({
    service: 'change',
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
