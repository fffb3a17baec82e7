import type { BaseContext } from '@mim/service-kit';
import DataLoader from 'dataloader';
import type { Problem } from './modules/problem/problem.entity';
import type { ProblemService } from './modules/problem/problem.service';

export interface ProblemContext extends BaseContext {
  problems: ProblemService;
  /** Batches `_entities` lookups and repeated reads in one request; results already access-filtered. */
  problemById: DataLoader<string, Problem | null>;
  /** The incidents each problem is linked to (ids only: the incident subgraph resolves the rest). */
  incidentIdsByProblemId: DataLoader<string, string[]>;
  /** `Incident.problems`: one query for every incident of the response. */
  problemsByIncidentId: DataLoader<string, Problem[]>;
}

export function buildContext(base: BaseContext, problems: ProblemService): ProblemContext {
  return {
    ...base,
    problems,
    problemById: new DataLoader((ids) => problems.findVisibleByIds(base.caller, ids)),
    incidentIdsByProblemId: new DataLoader((ids) => problems.incidentIdsOf(ids)),
    problemsByIncidentId: new DataLoader((ids) => problems.findVisibleByIncidentIds(base.caller, ids)),
  };
}
