import type { ServiceDefinition } from '@mim/service-kit';
import { changeRequestedConsumer } from './consumers/change.requested.v1';
import { changeStatusChangedConsumer } from './consumers/change.status_changed.v1';
import { problemCreatedConsumer } from './consumers/problem.created.v1';
import { problemStatusChangedConsumer } from './consumers/problem.status_changed.v1';
import { createIncidentDataSource } from './data-source';
import { type IncidentEnv, readEnv } from './env';
import { createIncidentModule } from './incident-module';
import { slaTimerKind } from './modules/sla/sla.timers';
import { createServer } from './server';

/** How the shared runtime starts this service; `main.ts` runs it, tests start it in-process. */
export const incidentService: ServiceDefinition<IncidentEnv> = {
  name: 'incident',
  readEnv: () => readEnv(),
  createDataSource: createIncidentDataSource,
  createServer,
  // Problem and change records linked to incidents, recorded on the incidents' timelines.
  createConsumers: (deps) => [
    problemCreatedConsumer(deps),
    problemStatusChangedConsumer(deps),
    changeRequestedConsumer(deps),
    changeStatusChangedConsumer(deps),
  ],
  // SLA timers: at-risk and breach instants of every open incident's clocks, fired once across replicas.
  jobs: (deps) => ({ [slaTimerKind]: createIncidentModule(deps.dataSource, deps.env).sla.onTimer }),
};
