import { randomUUID } from 'node:crypto';
import { type Caller, requireRole } from '@mim/auth';
import { problemCreatedV1, problemStatusChangedV1 } from '@mim/contracts';
import { appendToOutbox, newEvent } from '@mim/messaging';
import {
  type Page,
  type RequestMeta,
  eventActor,
  isUuid,
  newestFirstPage,
  nextRecordNumber,
  parseInput,
  traceHeaders,
} from '@mim/service-kit';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { isStaff } from './problem.access';
import { changeStatus, openProblem, problemCreatorRoles } from './problem.domain';
import { Problem } from './problem.entity';
import { problemNotFound } from './problem.errors';
import { ProblemIncident } from './problem-incident.entity';
import { changeProblemStatusArgs, createProblemInput, problemListArgs } from './problem.input';

/** Who may work on problems at all; the domain then checks ownership for status changes. */
const workerRoles = [...problemCreatorRoles, 'technical_staff'] as const;

/** Problem use cases. Each is one transaction: load -> domain rule -> save -> outbox. */
export class ProblemService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: { numberPrefix: string },
  ) {}

  async create(meta: RequestMeta, rawInput: unknown): Promise<Problem> {
    const { caller } = meta;
    requireRole(caller, ...problemCreatorRoles);
    const input = parseInput(createProblemInput, rawInput);
    const opened = openProblem(caller, input);
    return this.dataSource.transaction(async (manager) => {
      const number = await nextRecordNumber(manager, 'problem_number_seq', this.options.numberPrefix);
      const now = new Date();
      const { incidentIds, ...fields } = opened;
      const problem = manager.create(Problem, {
        ...fields,
        id: randomUUID(),
        number,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(Problem, problem);
      if (incidentIds.length > 0) {
        await manager.insert(
          ProblemIncident,
          incidentIds.map((incidentId) => ({ problemId: problem.id, incidentId, linkedAt: now })),
        );
      }
      const event = newEvent(problemCreatedV1, {
        aggregateId: problem.id,
        aggregateVersion: problem.version,
        actor: eventActor(caller),
        correlationId: meta.correlationId,
        occurredAt: now,
        data: {
          problemId: problem.id,
          number: problem.number,
          title: problem.title,
          priority: problem.priority,
          incidentIds,
        },
      });
      await appendToOutbox(manager, [event], traceHeaders(meta));
      return problem;
    });
  }

  /** Moves a problem along its lifecycle and emits problem.status_changed.v1 with the change. */
  async changeStatus(meta: RequestMeta, rawArgs: unknown): Promise<Problem> {
    requireRole(meta.caller, ...workerRoles);
    const args = parseInput(changeProblemStatusArgs, rawArgs);
    return this.dataSource.transaction(async (manager) => {
      const problem = await this.lockVisible(manager, meta.caller, args.id);
      const from = problem.status;
      Object.assign(problem, changeStatus(problem, meta.caller, args.expectedVersion, args.status));
      const saved = await manager.save(problem);
      const changedAt = new Date();
      const links = await manager.getRepository(ProblemIncident).findBy({ problemId: problem.id });
      const event = newEvent(problemStatusChangedV1, {
        aggregateId: problem.id,
        aggregateVersion: problem.version,
        actor: eventActor(meta.caller),
        correlationId: meta.correlationId,
        occurredAt: changedAt,
        data: {
          problemId: problem.id,
          number: problem.number,
          from,
          to: problem.status,
          incidentIds: links.map((link) => link.incidentId),
          changedAt: changedAt.toISOString(),
        },
      });
      await appendToOutbox(manager, [event], traceHeaders(meta));
      return saved;
    });
  }

  /** Batch lookup in the caller's scope, in the order asked (DataLoader and `_entities`). */
  async findVisibleByIds(caller: Caller, ids: readonly string[]): Promise<Array<Problem | null>> {
    const validIds = isStaff(caller) ? ids.filter(isUuid) : [];
    const found = validIds.length
      ? await this.dataSource.getRepository(Problem).findBy({ id: In(validIds) })
      : [];
    const byId = new Map(found.map((problem) => [problem.id, problem]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The incident ids linked to each problem (the problems themselves were already access-checked). */
  async incidentIdsOf(problemIds: readonly string[]): Promise<string[][]> {
    const links = await this.dataSource.getRepository(ProblemIncident).find({
      where: { problemId: In([...problemIds]) },
      order: { linkedAt: 'ASC', incidentId: 'ASC' },
    });
    return problemIds.map((id) =>
      links.filter((link) => link.problemId === id).map((link) => link.incidentId),
    );
  }

  /** `Incident.problems`: newest first; nothing for callers who may not see problems. */
  async findVisibleByIncidentIds(caller: Caller, incidentIds: readonly string[]): Promise<Problem[][]> {
    const validIds = isStaff(caller) ? incidentIds.filter(isUuid) : [];
    if (validIds.length === 0) return incidentIds.map(() => []);
    const links = await this.dataSource
      .getRepository(ProblemIncident)
      .findBy({ incidentId: In(validIds.map((id) => id.toLowerCase())) });
    const problems = links.length
      ? await this.dataSource.getRepository(Problem).find({
          where: { id: In([...new Set(links.map((link) => link.problemId))]) },
          order: { createdAt: 'DESC', id: 'DESC' },
        })
      : [];
    return incidentIds.map((incidentId) => {
      const linked = new Set(
        links.filter((link) => link.incidentId === incidentId.toLowerCase()).map((link) => link.problemId),
      );
      return problems.filter((problem) => linked.has(problem.id));
    });
  }

  /** Keyset pagination, newest first; callers who may not see problems get an empty page. */
  async list(caller: Caller, rawArgs: unknown): Promise<Page<Problem>> {
    const args = parseInput(problemListArgs, rawArgs);
    const query = this.dataSource.getRepository(Problem).createQueryBuilder('problem');
    if (!isStaff(caller)) query.andWhere('false');
    return newestFirstPage(query, args, { column: 'created_at', property: 'createdAt' });
  }

  /** Row lock for the read-check-write; an invisible problem is reported as not found, not forbidden. */
  private async lockVisible(manager: EntityManager, caller: Caller, id: string): Promise<Problem> {
    if (!isUuid(id) || !isStaff(caller)) throw problemNotFound(id);
    const problem = await manager
      .getRepository(Problem)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!problem) throw problemNotFound(id);
    return problem;
  }
}
