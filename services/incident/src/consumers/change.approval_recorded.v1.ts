import { changeApprovalRecordedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { changeApprovalRecordedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records each approver's decision on a fixing change, with the approvals against the quorum, on the
 * timelines of the incidents it fixes. Once per event (inbox), in its transaction; unknown incidents are
 * skipped, the others locked in id order.
 */
export const changeApprovalRecordedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  return consumerFor(deps, 'incident', changeApprovalRecordedV1, async (event, manager) => {
    await timeline.appendToEachWithin(
      manager,
      event.data.fixesIncidentIds,
      changeApprovalRecordedEntry(event),
      {
        correlationId: event.correlationId,
        traceparent: null,
      },
    );
  });
};
