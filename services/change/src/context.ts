import type { BaseContext } from '@mim/service-kit';
import DataLoader from 'dataloader';
import type { ChangeRequest } from './modules/change-request/change-request.entity';
import type { ChangeRequestIncident } from './modules/change-request/change-request-incident.entity';
import type { ChangeRequestService } from './modules/change-request/change-request.service';

export interface ChangeContext extends BaseContext {
  changes: ChangeRequestService;
  /** Batches `_entities` lookups and repeated reads in one request; results already access-filtered. */
  changeById: DataLoader<string, ChangeRequest | null>;
  /** The incident links of each change (incident ids and relation; the incident subgraph does the rest). */
  incidentLinksByChangeId: DataLoader<string, ChangeRequestIncident[]>;
  /** `Incident.changes`: one query for every incident of the response. */
  changesByIncidentId: DataLoader<string, ChangeRequest[]>;
}

export function buildContext(base: BaseContext, changes: ChangeRequestService): ChangeContext {
  return {
    ...base,
    changes,
    changeById: new DataLoader((ids) => changes.findVisibleByIds(base.caller, ids)),
    incidentLinksByChangeId: new DataLoader((ids) => changes.incidentLinksOf(ids)),
    changesByIncidentId: new DataLoader((ids) => changes.findVisibleByIncidentIds(base.caller, ids)),
  };
}
