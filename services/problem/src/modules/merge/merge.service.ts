import { appendToOutbox } from '@mim/messaging';
import { type RequestMeta, parseInput, traceHeaders } from '@mim/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { KnownError } from '../known-error/known-error.entity';
import type { Problem } from '../problem/problem.entity';
import {
  type OutboxEvent,
  eventContext,
  incidentsLinkedEvent,
  problemMergedEvent,
  problemStatusChangedEvent,
  rootCauseIdentifiedEvent,
} from '../problem/problem-events';
import { ProblemIncident } from '../problem/problem-incident.entity';
import { requirePermission } from '../problem/problem.permissions';
import { insertLinks, linkedIncidentIds, lockVisible, saveChange } from '../problem/problem-store';
import { RootCauseAnalysis } from '../root-cause/root-cause.entity';
import { type MergeSide, assertDistinct, planMerge } from './merge.domain';
import { mergeProblemsInput } from './merge.input';

/** Merging two problems that turned out to be one, in one transaction over both. */
export class MergeService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Moves the merged problem's incidents and known errors (and its analysis when the survivor has none)
   * to the survivor, and closes the merged one with a pointer to the survivor. Emits problem.merged.v1,
   * problem.incidents_linked.v1 (the incidents new to the survivor), problem.root_cause_identified.v1
   * when a root cause statement came with the analysis, and the merged problem's
   * problem.status_changed.v1 to CLOSED. Returns the survivor.
   */
  async merge(meta: RequestMeta, rawInput: unknown): Promise<Problem> {
    requirePermission(meta.caller, 'merge');
    const input = parseInput(mergeProblemsInput, rawInput);
    assertDistinct(input.survivorId, input.mergedId);
    return this.dataSource.transaction(async (manager) => {
      // Locked in id order, so two merges over the same pair cannot deadlock.
      const ids = [input.survivorId, input.mergedId].map((id) => id.toLowerCase());
      const locked = new Map<string, Problem>();
      for (const id of [...ids].sort()) locked.set(id, await lockVisible(manager, meta.caller, id));
      const survivor = locked.get(ids[0]!)!;
      const merged = locked.get(ids[1]!)!;
      const [survivorSide, mergedSide] = [await sideOf(manager, survivor), await sideOf(manager, merged)];
      const plan = planMerge(survivorSide, mergedSide, {
        survivor: input.survivorExpectedVersion,
        merged: input.mergedExpectedVersion,
      });

      const at = new Date();
      await manager.delete(ProblemIncident, { problemId: merged.id });
      await insertLinks(manager, survivor.id, plan.newlyLinked, at);
      await manager.update(KnownError, { problemId: merged.id }, { problemId: survivor.id });
      const movedAnalysis = plan.moveAnalysis
        ? await manager.getRepository(RootCauseAnalysis).findOneBy({ problemId: merged.id })
        : null;
      if (movedAnalysis) {
        await manager.update(RootCauseAnalysis, { problemId: merged.id }, { problemId: survivor.id });
      }
      const closed = await saveChange(manager, merged, plan.merged, at);
      const surviving = await saveChange(manager, survivor, plan.survivor, at);

      const context = eventContext(meta, at);
      const events: OutboxEvent[] = [problemMergedEvent(surviving, closed, plan.incidentIds, context)];
      if (plan.newlyLinked.length > 0)
        events.push(incidentsLinkedEvent(surviving, plan.newlyLinked, context));
      if (movedAnalysis?.rootCause) {
        events.push(
          rootCauseIdentifiedEvent(
            surviving,
            { method: movedAnalysis.method, rootCause: movedAnalysis.rootCause },
            plan.incidentIds,
            context,
          ),
        );
      }
      events.push(problemStatusChangedEvent(closed, merged.status, [...mergedSide.incidentIds], context));
      await appendToOutbox(manager, events, traceHeaders(meta));
      return surviving;
    });
  }
}

async function sideOf(manager: EntityManager, problem: Problem): Promise<MergeSide> {
  return {
    id: problem.id,
    status: problem.status,
    version: problem.version,
    affectedServices: problem.affectedServices,
    incidentIds: await linkedIncidentIds(manager, problem.id),
    hasAnalysis: (await manager.getRepository(RootCauseAnalysis).countBy({ problemId: problem.id })) > 0,
  };
}
