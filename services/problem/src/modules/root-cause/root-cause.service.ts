import { appendToOutbox } from '@mim/messaging';
import { type RequestMeta, parseInput, traceHeaders } from '@mim/service-kit';
import { type DataSource, In } from 'typeorm';
import type { Problem } from '../problem/problem.entity';
import { invalidFields } from '../problem/problem.errors';
import { eventContext, rootCauseIdentifiedEvent } from '../problem/problem-events';
import { requirePermission } from '../problem/problem.permissions';
import { linkedIncidentIds, lockVisible, saveChange } from '../problem/problem-store';
import { analysisDetail, recordAnalysis } from './root-cause.domain';
import { RootCauseAnalysis } from './root-cause.entity';
import { recordRootCauseAnalysisInput } from './root-cause.input';

/** The root-cause analysis of problems: recorded (replaced) in one transaction with its event. */
export class RootCauseService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records the analysis, replacing the previous one. A new or changed root cause statement emits
   * problem.root_cause_identified.v1; the problem's status is not changed (changeProblemStatus).
   */
  async record(meta: RequestMeta, rawInput: unknown): Promise<Problem> {
    requirePermission(meta.caller, 'recordAnalysis');
    const input = parseInput(recordRootCauseAnalysisInput, rawInput);
    const checked = analysisDetail(input);
    if (!checked.ok) throw invalidFields(checked.problems);
    return this.dataSource.transaction(async (manager) => {
      const problem = await lockVisible(manager, meta.caller, input.problemId);
      const previous = await manager.getRepository(RootCauseAnalysis).findOneBy({ problemId: problem.id });
      const { version, rootCauseChanged } = recordAnalysis(
        problem,
        input.expectedVersion,
        previous?.rootCause ?? null,
        input.rootCause,
      );
      const at = new Date();
      await manager.upsert(
        RootCauseAnalysis,
        {
          problemId: problem.id,
          method: input.method,
          detail: checked.detail,
          findings: input.findings,
          rootCause: input.rootCause,
          contributingFactors: input.contributingFactors,
          recordedById: meta.caller.subject,
          recordedByName: meta.caller.name,
          recordedAt: at,
        },
        ['problemId'],
      );
      const saved = await saveChange(manager, problem, { version }, at);
      if (rootCauseChanged && input.rootCause) {
        const incidentIds = await linkedIncidentIds(manager, problem.id);
        await appendToOutbox(
          manager,
          [
            rootCauseIdentifiedEvent(
              saved,
              { method: input.method, rootCause: input.rootCause },
              incidentIds,
              eventContext(meta, at),
            ),
          ],
          traceHeaders(meta),
        );
      }
      return saved;
    });
  }

  /** The analysis of each problem (already access-checked), or null. */
  async byProblemIds(problemIds: readonly string[]): Promise<Array<RootCauseAnalysis | null>> {
    const found = await this.dataSource
      .getRepository(RootCauseAnalysis)
      .findBy({ problemId: In([...problemIds]) });
    const byId = new Map(found.map((analysis) => [analysis.problemId, analysis]));
    return problemIds.map((id) => byId.get(id) ?? null);
  }
}
