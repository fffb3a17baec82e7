import { join } from 'node:path';
import { type ServerDeps, createSubgraphServer, loadTypeDefs, standardHealthChecks } from '@mim/service-kit';
import { type IncidentContext, buildContext } from './context';
import type { IncidentEnv } from './env';
import { createIncidentModule } from './incident-module';
import {
  createIncidentIntake,
  resolveAlertGroupOfEndedIncident,
  withMonitoringAlert,
} from './modules/intake';
import { resolvers } from './resolvers';

export function createServer(deps: ServerDeps<IncidentEnv>) {
  const module = createIncidentModule(deps.dataSource, deps.env, [resolveAlertGroupOfEndedIncident]);
  const server = createSubgraphServer<IncidentContext>({
    service: 'incident',
    typeDefs: loadTypeDefs(join(__dirname, 'modules')),
    resolvers: withMonitoringAlert(resolvers, deps.dataSource),
    verifier: deps.verifier,
    logger: deps.logger,
    metrics: deps.metrics,
    ...standardHealthChecks(deps),
    buildContext: (base) => buildContext(base, module),
    introspection: deps.env.NODE_ENV !== 'production',
  });
  // Monitoring and email intake: beside /graphql, with its own bearer/HMAC authentication (no JWT).
  const intake = createIncidentIntake({ ...deps, useCases: module });
  if (intake) server.app.use(intake);
  else deps.logger.info('intake disabled: set INTAKE_BEARER_SECRETS or INTAKE_HMAC_SECRETS to enable it');
  return server;
}
