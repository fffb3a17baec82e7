import type { ServiceDefinition } from '@mim/service-kit';
import { changeApprovalRecordedConsumer } from './consumers/change.approval_recorded.v1';
import { changeRequestedConsumer } from './consumers/change.requested.v1';
import { changeReviewedConsumer } from './consumers/change.reviewed.v1';
import { changeStatusChangedConsumer } from './consumers/change.status_changed.v1';
import { problemCreatedConsumer } from './consumers/problem.created.v1';
import { problemIncidentsLinkedConsumer } from './consumers/problem.incidents_linked.v1';
import { problemKnownErrorPublishedConsumer } from './consumers/problem.known_error_published.v1';
import { problemMergedConsumer } from './consumers/problem.merged.v1';
import { problemRootCauseIdentifiedConsumer } from './consumers/problem.root_cause_identified.v1';
import { problemStatusChangedConsumer } from './consumers/problem.status_changed.v1';
import { createIncidentDataSource } from './data-source';
import { type IncidentEnv, readEnv } from './env';
import { createIncidentModule } from './incident-module';
import { taskOverdueKind } from './modules/mi-task/mi-task.timers';
import { slaTimerKind } from './modules/sla/sla.timers';
import { statusUpdateDueKind } from './modules/status-update/status-update.timers';
import { createServer } from './server';

/** How the shared runtime starts this service; `main.ts` runs it, tests start it in-process. */
export const incidentService: ServiceDefinition<IncidentEnv> = {
  name: 'incident',
  readEnv: () => readEnv(),
  createDataSource: createIncidentDataSource,
  createServer,
  // Problem and change records linked to incidents, recorded on the incidents' timelines; the change
  // consumers also keep the read model of fixing changes (resolving a major incident needs one).
  createConsumers: (deps) => [
    problemCreatedConsumer(deps),
    problemStatusChangedConsumer(deps),
    problemRootCauseIdentifiedConsumer(deps),
    problemKnownErrorPublishedConsumer(deps),
    problemIncidentsLinkedConsumer(deps),
    problemMergedConsumer(deps),
    changeRequestedConsumer(deps),
    changeStatusChangedConsumer(deps),
    changeApprovalRecordedConsumer(deps),
    changeReviewedConsumer(deps),
  ],
  // SLA timers: at-risk and breach instants of every open incident's clocks, fired once across replicas.
  // Task overdue timers and the status update cadence of major incidents, likewise.
  jobs: (deps) => {
    const module = createIncidentModule(deps.dataSource, deps.env);
    return {
      [slaTimerKind]: module.sla.onTimer,
      [taskOverdueKind]: module.tasks.onOverdue,
      [statusUpdateDueKind]: module.statusUpdates.onDue,
    };
  },
};
