import { problemMergedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { problemMergedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records a merge of two problems on every incident of the surviving one (which holds the incidents of
 * both). Once per event (inbox), in its transaction; unknown incidents are skipped, the others locked in
 * id order.
 */
export const problemMergedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  return consumerFor(deps, 'incident', problemMergedV1, async (event, manager) => {
    await timeline.appendToEachWithin(manager, event.data.incidentIds, problemMergedEntry(event), {
      correlationId: event.correlationId,
      traceparent: null,
    });
  });
};
