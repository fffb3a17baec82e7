import { changeRequestedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { changeRequestedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records a change raised to fix incidents on the timeline of each that exists. Once per event (inbox),
 * in its transaction; unknown incidents are skipped.
 */
export const changeRequestedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  return consumerFor(deps, 'incident', changeRequestedV1, async (event, manager) => {
    await timeline.appendToEachWithin(manager, event.data.fixesIncidentIds, changeRequestedEntry(event), {
      correlationId: event.correlationId,
      traceparent: null,
    });
  });
};
