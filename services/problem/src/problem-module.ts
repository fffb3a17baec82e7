import type { DataSource } from 'typeorm';
import type { ProblemEnv } from './env';
import { KnownErrorService } from './modules/known-error/known-error.service';
import { MergeService } from './modules/merge/merge.service';
import { ProblemQueryService } from './modules/problem/problem-query.service';
import { ProblemService } from './modules/problem/problem.service';
import { RootCauseService } from './modules/root-cause/root-cause.service';

/** Every use case of the problem service, wired once per process. */
export interface ProblemModule {
  /** Opening problems (by hand, or for a major incident), status, owner, incident links. */
  problems: ProblemService;
  queries: ProblemQueryService;
  /** Root-cause analysis. */
  analyses: RootCauseService;
  /** The known error database. */
  knownErrors: KnownErrorService;
  merges: MergeService;
}

export function createProblemModule(
  dataSource: DataSource,
  env: Pick<ProblemEnv, 'PROBLEM_NUMBER_PREFIX'>,
): ProblemModule {
  return {
    problems: new ProblemService(dataSource, { numberPrefix: env.PROBLEM_NUMBER_PREFIX }),
    queries: new ProblemQueryService(dataSource),
    analyses: new RootCauseService(dataSource),
    knownErrors: new KnownErrorService(dataSource),
    merges: new MergeService(dataSource),
  };
}
