import { join } from 'node:path';
import { type ServerDeps, createSubgraphServer, loadTypeDefs, standardHealthChecks } from '@mim/service-kit';
import { type IncidentContext, buildContext } from './context';
import type { IncidentEnv } from './env';
import { incidentResolvers } from './modules/incident/incident.resolvers';
import { IncidentService } from './modules/incident/incident.service';

export function createServer(deps: ServerDeps<IncidentEnv>) {
  const incidents = new IncidentService(deps.dataSource, { numberPrefix: deps.env.INCIDENT_NUMBER_PREFIX });
  return createSubgraphServer<IncidentContext>({
    service: 'incident',
    typeDefs: loadTypeDefs(join(__dirname, 'modules')),
    resolvers: incidentResolvers,
    verifier: deps.verifier,
    logger: deps.logger,
    metrics: deps.metrics,
    ...standardHealthChecks(deps),
    buildContext: (base) => buildContext(base, incidents),
    introspection: deps.env.NODE_ENV !== 'production',
  });
}
