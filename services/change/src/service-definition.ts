import type { ServiceDefinition } from '@mim/service-kit';
import { createChangeDataSource } from './data-source';
import { type ChangeEnv, readEnv } from './env';
import { createServer } from './server';

/** How the shared runtime starts this service; `main.ts` runs it, tests start it in-process. */
export const changeService: ServiceDefinition<ChangeEnv> = {
  name: 'change',
  readEnv: () => readEnv(),
  createDataSource: createChangeDataSource,
  createServer,
  createConsumers: () => [],
};
