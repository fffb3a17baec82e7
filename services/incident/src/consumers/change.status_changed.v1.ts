import { changeStatusChangedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { changeStatusChangedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records each step of a fixing change (approved, implemented, failed, ...) on its incidents' timelines.
 * Once per event (inbox), in its transaction; unknown incidents are skipped.
 */
export const changeStatusChangedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  return consumerFor(deps, 'incident', changeStatusChangedV1, async (event, manager) => {
    await timeline.appendToEachWithin(manager, event.data.fixesIncidentIds, changeStatusChangedEntry(event), {
      correlationId: event.correlationId,
      traceparent: null,
    });
  });
};
