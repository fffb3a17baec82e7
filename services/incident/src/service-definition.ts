import type { ServiceDefinition } from '@mim/service-kit';
import { createIncidentDataSource } from './data-source';
import { type IncidentEnv, readEnv } from './env';
import { createServer } from './server';

/** How the shared runtime starts this service; `main.ts` runs it, tests start it in-process. */
export const incidentService: ServiceDefinition<IncidentEnv> = {
  name: 'incident',
  readEnv: () => readEnv(),
  createDataSource: createIncidentDataSource,
  createServer,
  createConsumers: () => [],
};
