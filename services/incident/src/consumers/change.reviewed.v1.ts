import { changeReviewedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { changeReviewedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records the post-implementation review of a fixing change (effective or not) on the timelines of the
 * incidents it fixes. Once per event (inbox), in its transaction; unknown incidents are skipped, the
 * others locked in id order.
 */
export const changeReviewedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  return consumerFor(deps, 'incident', changeReviewedV1, async (event, manager) => {
    await timeline.appendToEachWithin(manager, event.data.fixesIncidentIds, changeReviewedEntry(event), {
      correlationId: event.correlationId,
      traceparent: null,
    });
  });
};
