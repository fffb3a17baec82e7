import { changeStatusChangedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { observationOfStatusChange } from '../modules/fixing-change/fixing-change.domain';
import { FixingChangeService } from '../modules/fixing-change/fixing-change.service';
import { changeStatusChangedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records each step of a fixing change (approved, implemented, failed, ...) on its incidents' timelines,
 * and its status and links in the read model of fixing changes (the latest by changedAt wins; an older
 * event delivered late changes neither). Once per event (inbox), in its transaction; unknown incidents
 * are skipped, the others locked in id order.
 */
export const changeStatusChangedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  const fixingChanges = new FixingChangeService(deps.dataSource);
  return consumerFor(deps, 'incident', changeStatusChangedV1, async (event, manager) => {
    await fixingChanges.recordWithin(manager, observationOfStatusChange(event.data, event.aggregate.version));
    await timeline.appendToEachWithin(manager, event.data.fixesIncidentIds, changeStatusChangedEntry(event), {
      correlationId: event.correlationId,
      traceparent: null,
    });
  });
};
