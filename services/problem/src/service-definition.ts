import type { ServiceDefinition } from '@mim/service-kit';
import { createProblemDataSource } from './data-source';
import { type ProblemEnv, readEnv } from './env';
import { createServer } from './server';

/** How the shared runtime starts this service; `main.ts` runs it, tests start it in-process. */
export const problemService: ServiceDefinition<ProblemEnv> = {
  name: 'problem',
  readEnv: () => readEnv(),
  createDataSource: createProblemDataSource,
  createServer,
  createConsumers: () => [],
};
