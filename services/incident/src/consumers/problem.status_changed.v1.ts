import { problemStatusChangedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { problemStatusChangedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records each step of a linked problem (root cause identified, known error, ...) on its incidents'
 * timelines. Once per event (inbox), in its transaction; unknown incidents are skipped.
 */
export const problemStatusChangedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  return consumerFor(deps, 'incident', problemStatusChangedV1, async (event, manager) => {
    await timeline.appendToEachWithin(manager, event.data.incidentIds, problemStatusChangedEntry(event), {
      correlationId: event.correlationId,
      traceparent: null,
    });
  });
};
