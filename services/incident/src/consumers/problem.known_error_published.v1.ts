import { problemKnownErrorPublishedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { problemKnownErrorPublishedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records a known error of a linked problem (its workaround exists) on its incidents' timelines. Once per
 * event (inbox), in its transaction; unknown incidents are skipped, the others locked in id order.
 */
export const problemKnownErrorPublishedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  return consumerFor(deps, 'incident', problemKnownErrorPublishedV1, async (event, manager) => {
    await timeline.appendToEachWithin(
      manager,
      event.data.incidentIds,
      problemKnownErrorPublishedEntry(event),
      {
        correlationId: event.correlationId,
        traceparent: null,
      },
    );
  });
};
