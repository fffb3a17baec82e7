import { join } from 'node:path';
import { type ServerDeps, createSubgraphServer, loadTypeDefs, standardHealthChecks } from '@mim/service-kit';
import { type NotificationContext, buildContext } from './context';
import type { NotificationEnv } from './env';
import { notificationResolvers } from './modules/notification/notification.resolvers';
import { NotificationService } from './modules/notification/notification.service';

export function createServer(deps: ServerDeps<NotificationEnv>) {
  const notifications = new NotificationService(deps.dataSource);
  return createSubgraphServer<NotificationContext>({
    service: 'notification',
    typeDefs: loadTypeDefs(join(__dirname, 'modules')),
    resolvers: notificationResolvers,
    verifier: deps.verifier,
    logger: deps.logger,
    metrics: deps.metrics,
    ...standardHealthChecks(deps),
    buildContext: (base) => buildContext(base, notifications),
    introspection: deps.env.NODE_ENV !== 'production',
  });
}
