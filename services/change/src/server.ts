import { join } from 'node:path';
import { type ServerDeps, createSubgraphServer, loadTypeDefs, standardHealthChecks } from '@mim/service-kit';
import { type ChangeContext, buildContext } from './context';
import type { ChangeEnv } from './env';
import { changeRequestResolvers } from './modules/change-request/change-request.resolvers';
import { ChangeRequestService } from './modules/change-request/change-request.service';

export function createServer(deps: ServerDeps<ChangeEnv>) {
  const changes = new ChangeRequestService(deps.dataSource, { numberPrefix: deps.env.CHANGE_NUMBER_PREFIX });
  return createSubgraphServer<ChangeContext>({
    service: 'change',
    typeDefs: loadTypeDefs(join(__dirname, 'modules')),
    resolvers: changeRequestResolvers,
    verifier: deps.verifier,
    logger: deps.logger,
    metrics: deps.metrics,
    ...standardHealthChecks(deps),
    buildContext: (base) => buildContext(base, changes),
    introspection: deps.env.NODE_ENV !== 'production',
  });
}
