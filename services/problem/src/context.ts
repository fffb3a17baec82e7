import type { BaseContext } from '@mim/service-kit';
import DataLoader from 'dataloader';
import type { KnownError } from './modules/known-error/known-error.entity';
import type { Problem } from './modules/problem/problem.entity';
import type { RootCauseAnalysis } from './modules/root-cause/root-cause.entity';
import type { ProblemModule } from './problem-module';

export interface ProblemContext extends BaseContext, ProblemModule {
  /** Batches `_entities` lookups and repeated reads in one request; results already access-filtered. */
  problemById: DataLoader<string, Problem | null>;
  /** The incidents each problem is linked to (ids only: the incident subgraph resolves the rest). */
  incidentIdsByProblemId: DataLoader<string, string[]>;
  /** `Incident.problems`: one query for every incident of the response. */
  problemsByIncidentId: DataLoader<string, Problem[]>;
  /** `Problem.rootCauseAnalysis` of a page of problems in one query (problems already access-checked). */
  analysisByProblemId: DataLoader<string, RootCauseAnalysis | null>;
  /** `Problem.knownErrors` of a page of problems in one query (problems already access-checked). */
  knownErrorsByProblemId: DataLoader<string, KnownError[]>;
}

export function buildContext(base: BaseContext, module: ProblemModule): ProblemContext {
  return {
    ...base,
    ...module,
    problemById: new DataLoader((ids) => module.queries.findVisibleByIds(base.caller, ids)),
    incidentIdsByProblemId: new DataLoader((ids) => module.queries.incidentIdsOf(ids)),
    problemsByIncidentId: new DataLoader((ids) => module.queries.findVisibleByIncidentIds(base.caller, ids)),
    analysisByProblemId: new DataLoader((ids) => module.analyses.byProblemIds(ids)),
    knownErrorsByProblemId: new DataLoader((ids) => module.knownErrors.byProblemIds(ids)),
  };
}
