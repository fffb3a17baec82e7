import { incidentMajorDeclaredV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { ProblemEnv } from '../env';
import { createProblemModule } from '../problem-module';

/**
 * Opens a problem for each declared major incident (DOMAIN.md, containment: "create a problem record to
 * find the underlying cause"), linked to it and announced as problem.created.v1. Once per event (inbox),
 * and once per incident whatever the events (the problem's unique originating incident).
 */
export const incidentMajorDeclaredConsumer = (deps: ServiceDeps<ProblemEnv>) => {
  const { problems } = createProblemModule(deps.dataSource, deps.env);
  return consumerFor(deps, 'problem', incidentMajorDeclaredV1, async (event, manager) => {
    await problems.openForMajorIncidentWithin(manager, event);
  });
};
