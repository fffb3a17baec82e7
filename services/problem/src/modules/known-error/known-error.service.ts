import { randomUUID } from 'node:crypto';
import type { Caller } from '@mim/auth';
import { appendToOutbox } from '@mim/messaging';
import { type RequestMeta, isUuid, parseInput, traceHeaders } from '@mim/service-kit';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { isStaff } from '../problem/problem.access';
import { Problem } from '../problem/problem.entity';
import { eventContext, knownErrorPublishedEvent } from '../problem/problem-events';
import { requirePermission } from '../problem/problem.permissions';
import { linkedIncidentIds, lockVisible, saveChange } from '../problem/problem-store';
import { RootCauseAnalysis } from '../root-cause/root-cause.entity';
import { recordKnownError } from './known-error.domain';
import { KnownError } from './known-error.entity';
import { knownErrorNotFound } from './known-error.errors';
import { recordKnownErrorInput, searchKnownErrorsArgs } from './known-error.input';

/** A known error found by a search, with its problem and how well it matched. */
export interface KnownErrorMatch {
  knownError: KnownError;
  problem: Problem;
  rank: number;
}

/** The known error database: recording known errors of problems, and finding them by their symptoms. */
export class KnownErrorService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a known error of a problem (or revises one, `knownErrorId`), in one transaction with a new
   * version of the problem and problem.known_error_published.v1.
   */
  async record(meta: RequestMeta, rawInput: unknown): Promise<KnownError> {
    requirePermission(meta.caller, 'recordKnownError');
    const input = parseInput(recordKnownErrorInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const problem = await lockVisible(manager, meta.caller, input.problemId);
      const analysis = await manager.getRepository(RootCauseAnalysis).findOneBy({ problemId: problem.id });
      const { rootCause, version } = recordKnownError(
        problem,
        input.expectedVersion,
        analysis?.rootCause ?? null,
        input.rootCause,
      );
      const existing = input.knownErrorId ? await findOf(manager, problem.id, input.knownErrorId) : null;
      if (input.knownErrorId && !existing) throw knownErrorNotFound(input.knownErrorId, problem.id);
      const at = new Date();
      const knownError = manager.create(KnownError, {
        id: existing?.id ?? randomUUID(),
        problemId: problem.id,
        title: input.title,
        symptoms: input.symptoms,
        rootCause,
        workaround: input.workaround,
        permanentFix: input.permanentFix,
        recordedById: meta.caller.subject,
        recordedByName: meta.caller.name,
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
      });
      if (existing) await manager.update(KnownError, { id: existing.id }, knownError);
      else await manager.insert(KnownError, knownError);
      const saved = await saveChange(manager, problem, { version }, at);
      const incidentIds = await linkedIncidentIds(manager, problem.id);
      await appendToOutbox(
        manager,
        [knownErrorPublishedEvent(saved, knownError, incidentIds, eventContext(meta, at))],
        traceHeaders(meta),
      );
      return knownError;
    });
  }

  /**
   * Known errors whose title, symptoms, workaround or root cause match the text (PostgreSQL full text,
   * English stemming), best first by `ts_rank` (title and symptoms weigh most). Plain text (an incident's
   * symptoms pasted as they are) matches on any of its words, so the best match is the one sharing the
   * most; text with web-search operators (`"a phrase"`, `-word`, `or`) follows that syntax, where every
   * word must match. Nothing for callers who may not see problems.
   */
  async search(caller: Caller, rawArgs: unknown): Promise<KnownErrorMatch[]> {
    const args = parseInput(searchKnownErrorsArgs, rawArgs);
    if (!isStaff(caller)) return [];
    const tsquery = usesWebSearchSyntax(args.text)
      ? `websearch_to_tsquery('english', :text)`
      : `CAST(replace(CAST(plainto_tsquery('english', :text) AS text), ' & ', ' | ') AS tsquery)`;
    const { entities, raw } = await this.dataSource
      .getRepository(KnownError)
      .createQueryBuilder('known_error')
      .addSelect(`ts_rank(known_error.search, ${tsquery})`, 'rank')
      .where(`known_error.search @@ ${tsquery}`, { text: args.text })
      .orderBy('rank', 'DESC')
      .addOrderBy('known_error.updated_at', 'DESC')
      .addOrderBy('known_error.id', 'ASC')
      .limit(args.first)
      .getRawAndEntities<{ known_error_id: string; rank: number }>();
    const rankOf = new Map(raw.map((row) => [row.known_error_id, Number(row.rank)]));
    const problems = entities.length
      ? await this.dataSource
          .getRepository(Problem)
          .findBy({ id: In([...new Set(entities.map((knownError) => knownError.problemId))]) })
      : [];
    const problemOf = new Map(problems.map((problem) => [problem.id, problem]));
    return entities.flatMap((knownError) => {
      const problem = problemOf.get(knownError.problemId);
      return problem ? [{ knownError, problem, rank: rankOf.get(knownError.id) ?? 0 }] : [];
    });
  }

  /** The known errors of each problem (already access-checked), newest first. */
  async byProblemIds(problemIds: readonly string[]): Promise<KnownError[][]> {
    const found = await this.dataSource.getRepository(KnownError).find({
      where: { problemId: In([...problemIds]) },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return problemIds.map((id) => found.filter((knownError) => knownError.problemId === id));
  }
}

/** A known error of that problem, or null (any other problem's, or no such id). */
function findOf(manager: EntityManager, problemId: string, id: string): Promise<KnownError | null> {
  if (!isUuid(id)) return Promise.resolve(null);
  return manager.getRepository(KnownError).findOneBy({ id: id.toLowerCase(), problemId });
}

/** Quotes, a leading minus or the word `or`: the caller wrote a web-search query, not plain symptoms. */
export function usesWebSearchSyntax(text: string): boolean {
  return /"|(^|\s)-\S|\sor\s/i.test(text);
}
