import { problemCreatedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { problemOpenedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records a new problem on the timeline of each linked incident that exists. Once per event (inbox), in
 * its transaction; unknown incidents are skipped.
 */
export const problemCreatedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  return consumerFor(deps, 'incident', problemCreatedV1, async (event, manager) => {
    await timeline.appendToEachWithin(manager, event.data.incidentIds, problemOpenedEntry(event), {
      correlationId: event.correlationId,
      traceparent: null,
    });
  });
};
