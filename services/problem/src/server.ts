import { join } from 'node:path';
import { type ServerDeps, createSubgraphServer, loadTypeDefs, standardHealthChecks } from '@mim/service-kit';
import { type ProblemContext, buildContext } from './context';
import type { ProblemEnv } from './env';
import { createProblemModule } from './problem-module';
import { resolvers } from './resolvers';

export function createServer(deps: ServerDeps<ProblemEnv>) {
  const module = createProblemModule(deps.dataSource, deps.env);
  return createSubgraphServer<ProblemContext>({
    service: 'problem',
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
