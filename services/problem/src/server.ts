import { join } from 'node:path';
import { type ServerDeps, createSubgraphServer, loadTypeDefs, standardHealthChecks } from '@mim/service-kit';
import { type ProblemContext, buildContext } from './context';
import type { ProblemEnv } from './env';
import { problemResolvers } from './modules/problem/problem.resolvers';
import { ProblemService } from './modules/problem/problem.service';

export function createServer(deps: ServerDeps<ProblemEnv>) {
  const problems = new ProblemService(deps.dataSource, { numberPrefix: deps.env.PROBLEM_NUMBER_PREFIX });
  return createSubgraphServer<ProblemContext>({
    service: 'problem',
    typeDefs: loadTypeDefs(join(__dirname, 'modules')),
    resolvers: problemResolvers,
    verifier: deps.verifier,
    logger: deps.logger,
    metrics: deps.metrics,
    ...standardHealthChecks(deps),
    buildContext: (base) => buildContext(base, problems),
    introspection: deps.env.NODE_ENV !== 'production',
  });
}
