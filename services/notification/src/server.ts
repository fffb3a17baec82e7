import { join } from 'node:path';
import { type ServerDeps, createSubgraphServer, loadTypeDefs, standardHealthChecks } from '@mim/service-kit';
import { type NotificationContext, buildContext } from './context';
import type { NotificationEnv } from './env';
import { createNotificationModule } from './notification-module';
import { resolvers } from './resolvers';

export function createServer(deps: ServerDeps<NotificationEnv>) {
  const module = createNotificationModule(deps.dataSource, deps.env);
  return createSubgraphServer<NotificationContext>({
    service: 'notification',
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
