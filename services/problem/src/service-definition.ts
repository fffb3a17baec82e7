import type { ServiceDefinition } from '@mim/service-kit';
import { incidentMajorDeclaredConsumer } from './consumers/incident.major_declared.v1';
import { createProblemDataSource } from './data-source';
import { type ProblemEnv, readEnv } from './env';
import { createServer } from './server';

/** How the shared runtime starts this service; `main.ts` runs it, tests start it in-process. */
export const problemService: ServiceDefinition<ProblemEnv> = {
  name: 'problem',
  readEnv: () => readEnv(),
  createDataSource: createProblemDataSource,
  createServer,
  // A problem record for every declared major incident.
  createConsumers: (deps) => [incidentMajorDeclaredConsumer(deps)],
};
