import { problemIncidentsLinkedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { problemLinkedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records on each incident newly linked to an existing problem that it now is. Once per event (inbox), in
 * its transaction; unknown incidents are skipped, the others locked in id order.
 */
export const problemIncidentsLinkedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  return consumerFor(deps, 'incident', problemIncidentsLinkedV1, async (event, manager) => {
    await timeline.appendToEachWithin(manager, event.data.linkedIncidentIds, problemLinkedEntry(event), {
      correlationId: event.correlationId,
      traceparent: null,
    });
  });
};
