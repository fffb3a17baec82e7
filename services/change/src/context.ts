import type { BaseContext } from '@mim/service-kit';
import DataLoader from 'dataloader';
import type { ChangeModule } from './change-module';
import type { ChangeApproval } from './modules/change-approval/change-approval.entity';
import type { ChangeConflict } from './modules/change-conflict/change-conflict.service';
import type { ChangeRequest } from './modules/change-request/change-request.entity';
import type { ChangeRequestIncident } from './modules/change-request/change-request-incident.entity';
import type { StandardChangeTemplate } from './modules/standard-change-template/standard-change-template.entity';

export interface ChangeContext extends BaseContext, ChangeModule {
  /** Batches `_entities` lookups and repeated reads in one request; results already access-filtered. */
  changeById: DataLoader<string, ChangeRequest | null>;
  /** The incident links of each change (incident ids and relation; the incident subgraph does the rest). */
  incidentLinksByChangeId: DataLoader<string, ChangeRequestIncident[]>;
  /** The problem ids of each change (the problem subgraph does the rest). */
  problemIdsByChangeId: DataLoader<string, string[]>;
  /** `Incident.changes`: one query for every incident of the response. */
  changesByIncidentId: DataLoader<string, ChangeRequest[]>;
  /** `Problem.changes`: one query for every problem of the response. */
  changesByProblemId: DataLoader<string, ChangeRequest[]>;
  /** `ChangeRequest.approvals` of a page of changes in one query. */
  approvalsByChangeId: DataLoader<string, ChangeApproval[]>;
  /** `ChangeRequest.conflicts` of a page of changes in one pair of queries. */
  conflictsByChange: DataLoader<ChangeRequest, ChangeConflict[], string>;
  /** `ChangeRequest.template`; access-filtered. */
  templateById: DataLoader<string, StandardChangeTemplate | null>;
}

export function buildContext(base: BaseContext, module: ChangeModule): ChangeContext {
  const { caller } = base;
  return {
    ...base,
    ...module,
    changeById: new DataLoader((ids) => module.changes.findVisibleByIds(caller, ids)),
    incidentLinksByChangeId: new DataLoader((ids) => module.changes.incidentLinksOf(ids)),
    problemIdsByChangeId: new DataLoader((ids) => module.changes.problemIdsOf(ids)),
    changesByIncidentId: new DataLoader((ids) => module.changes.findVisibleByIncidentIds(caller, ids)),
    changesByProblemId: new DataLoader((ids) => module.changes.findVisibleByProblemIds(caller, ids)),
    approvalsByChangeId: new DataLoader((ids) => module.approvals.approvalsOf(ids)),
    conflictsByChange: new DataLoader((changes) => module.conflicts.conflictsOf(caller, changes), {
      cacheKeyFn: (change) => change.id,
    }),
    templateById: new DataLoader((ids) => module.templates.findVisibleByIds(caller, ids)),
  };
}
