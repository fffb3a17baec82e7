import { changeRequestedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { observationOfRequest } from '../modules/fixing-change/fixing-change.domain';
import { FixingChangeService } from '../modules/fixing-change/fixing-change.service';
import { changeRequestedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records a change raised to fix incidents on the timeline of each that exists, and the change (a
 * DRAFT) in the read model of fixing changes. Once per event (inbox), in its transaction; unknown
 * incidents are skipped, the others locked in id order.
 */
export const changeRequestedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  const fixingChanges = new FixingChangeService(deps.dataSource);
  return consumerFor(deps, 'incident', changeRequestedV1, async (event, manager) => {
    await fixingChanges.recordWithin(
      manager,
      observationOfRequest(event.data, event.occurredAt, event.aggregate.version),
    );
    await timeline.appendToEachWithin(manager, event.data.fixesIncidentIds, changeRequestedEntry(event), {
      correlationId: event.correlationId,
      traceparent: null,
    });
  });
};
