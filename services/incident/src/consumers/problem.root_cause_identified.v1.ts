import { problemRootCauseIdentifiedV1 } from '@mim/contracts';
import { type ServiceDeps, consumerFor } from '@mim/service-kit';
import type { IncidentEnv } from '../env';
import { problemRootCauseIdentifiedEntry } from '../modules/timeline/linked-record-entries';
import { TimelineService } from '../modules/timeline/timeline.service';

/**
 * Records the root cause of a linked problem (method and statement) on its incidents' timelines. Once per
 * event (inbox), in its transaction; unknown incidents are skipped, the others locked in id order.
 */
export const problemRootCauseIdentifiedConsumer = (deps: ServiceDeps<IncidentEnv>) => {
  const timeline = new TimelineService(deps.dataSource);
  return consumerFor(deps, 'incident', problemRootCauseIdentifiedV1, async (event, manager) => {
    await timeline.appendToEachWithin(
      manager,
      event.data.incidentIds,
      problemRootCauseIdentifiedEntry(event),
      {
        correlationId: event.correlationId,
        traceparent: null,
      },
    );
  });
};
