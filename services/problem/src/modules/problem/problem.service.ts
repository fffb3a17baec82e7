import { randomUUID } from 'node:crypto';
import type { Envelope, EventData, incidentMajorDeclaredV1 } from '@mim/contracts';
import { appendToOutbox } from '@mim/messaging';
import { type RequestMeta, nextRecordNumber, parseInput, traceHeaders } from '@mim/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { KnownError } from '../known-error/known-error.entity';
import { RootCauseAnalysis } from '../root-cause/root-cause.entity';
import { problemForMajorIncident } from './major-incident-problem';
import {
  type LifecycleFacts,
  type NewProblem,
  assignOwner,
  changeStatus,
  linkIncidents,
  openProblem,
} from './problem.domain';
import { Problem } from './problem.entity';
import {
  type EventContext,
  eventContext,
  incidentsLinkedEvent,
  problemCreatedEvent,
  problemStatusChangedEvent,
} from './problem-events';
import {
  assignProblemOwnerArgs,
  changeProblemStatusArgs,
  createProblemInput,
  linkIncidentsArgs,
} from './problem.input';
import { requirePermission } from './problem.permissions';
import { insertLinks, linkedIncidentIds, lockVisible, saveChange } from './problem-store';

export interface ProblemServiceOptions {
  numberPrefix: string;
}

/** The system actor of the problems this service opens by itself (from a major incident declaration). */
const systemActor = { kind: 'system', id: 'problem' } as const;

/**
 * Opening problems and moving them along. Each use case is one transaction: load -> domain rule -> save
 * -> outbox.
 */
export class ProblemService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ProblemServiceOptions,
  ) {}

  async create(meta: RequestMeta, rawInput: unknown): Promise<Problem> {
    requirePermission(meta.caller, 'create');
    const input = parseInput(createProblemInput, rawInput);
    const opened = openProblem(meta.caller, input);
    return this.dataSource.transaction(async (manager) => {
      const at = new Date();
      const problem = await this.insert(manager, opened, null, at);
      // Only the originating incident can conflict, and a problem opened by hand has none.
      if (!problem) throw new Error('A new problem conflicted with an existing one');
      await appendToOutbox(
        manager,
        [problemCreatedEvent(problem, opened.incidentIds, eventContext(meta, at))],
        traceHeaders(meta),
      );
      return problem;
    });
  }

  /**
   * `incident.major_declared.v1`, inside the consumer's transaction (the inbox makes each event count
   * once): opens the problem of the major incident, unless one was already opened for that incident.
   * The unique originating incident makes a republish under a new event id, or two replicas racing,
   * open nothing more. Returns the problem opened, or null.
   */
  async openForMajorIncidentWithin(
    manager: EntityManager,
    event: Envelope<EventData<typeof incidentMajorDeclaredV1>>,
  ): Promise<Problem | null> {
    const incidentId = event.data.incidentId.toLowerCase();
    const existing = await manager.getRepository(Problem).findOneBy({ originIncidentId: incidentId });
    if (existing) return null;
    const opened = problemForMajorIncident(event.data);
    const at = new Date();
    const problem = await this.insert(manager, opened, incidentId, at);
    if (!problem) return null;
    const context: EventContext = { actor: systemActor, correlationId: event.correlationId, at };
    await appendToOutbox(manager, [problemCreatedEvent(problem, opened.incidentIds, context)]);
    return problem;
  }

  /** Moves a problem along its lifecycle and emits problem.status_changed.v1 with the change. */
  async changeStatus(meta: RequestMeta, rawArgs: unknown): Promise<Problem> {
    requirePermission(meta.caller, 'changeStatus');
    const args = parseInput(changeProblemStatusArgs, rawArgs);
    return this.dataSource.transaction(async (manager) => {
      const problem = await lockVisible(manager, meta.caller, args.id);
      const next = changeStatus(
        problem,
        args.expectedVersion,
        args.status,
        await lifecycleFacts(manager, problem.id),
      );
      const at = new Date();
      const saved = await saveChange(manager, problem, next, at);
      const incidentIds = await linkedIncidentIds(manager, problem.id);
      await appendToOutbox(
        manager,
        [problemStatusChangedEvent(saved, problem.status, incidentIds, eventContext(meta, at))],
        traceHeaders(meta),
      );
      return saved;
    });
  }

  /**
   * Names the problem manager who owns the problem (a problem manager taking an unowned problem names
   * themselves). No event: the contracts have none for ownership yet.
   */
  async assignOwner(meta: RequestMeta, rawArgs: unknown): Promise<Problem> {
    requirePermission(meta.caller, 'assignOwner');
    const args = parseInput(assignProblemOwnerArgs, rawArgs);
    return this.dataSource.transaction(async (manager) => {
      const problem = await lockVisible(manager, meta.caller, args.id);
      const next = assignOwner(problem, args.expectedVersion, args.owner);
      return next ? saveChange(manager, problem, next, new Date()) : problem;
    });
  }

  /** Links more incidents; emits problem.incidents_linked.v1 with the newly linked ones only. */
  async linkIncidents(meta: RequestMeta, rawArgs: unknown): Promise<Problem> {
    requirePermission(meta.caller, 'linkIncidents');
    const args = parseInput(linkIncidentsArgs, rawArgs);
    return this.dataSource.transaction(async (manager) => {
      const problem = await lockVisible(manager, meta.caller, args.id);
      const linked = await linkedIncidentIds(manager, problem.id);
      const { newlyLinked, version } = linkIncidents(problem, args.expectedVersion, linked, args.incidentIds);
      if (newlyLinked.length === 0) return problem;
      const at = new Date();
      await insertLinks(manager, problem.id, newlyLinked, at);
      const saved = await saveChange(manager, problem, { version }, at);
      await appendToOutbox(
        manager,
        [incidentsLinkedEvent(saved, newlyLinked, eventContext(meta, at))],
        traceHeaders(meta),
      );
      return saved;
    });
  }

  /**
   * Inserts a new problem with its number and incident links; null when it conflicts with an existing
   * one (only possible for the problem of a major incident: one per originating incident).
   */
  private async insert(
    manager: EntityManager,
    opened: NewProblem,
    originIncidentId: string | null,
    at: Date,
  ): Promise<Problem | null> {
    const number = await nextRecordNumber(manager, 'problem_number_seq', this.options.numberPrefix);
    const { incidentIds, owner, ...fields } = opened;
    const problem = manager.create(Problem, {
      ...fields,
      id: randomUUID(),
      number,
      ownerId: owner?.id ?? null,
      ownerName: owner?.name ?? null,
      originIncidentId,
      mergedIntoId: null,
      createdAt: at,
      updatedAt: at,
    });
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(Problem)
      .values(problem)
      .orIgnore()
      .returning('id')
      .execute();
    // ON CONFLICT DO NOTHING returns no row when another problem holds the originating incident.
    if ((result.raw as unknown[]).length === 0) return null;
    await insertLinks(manager, problem.id, incidentIds, at);
    return problem;
  }
}

/** What the lifecycle's guards need: the recorded root cause statement and the known errors. */
async function lifecycleFacts(manager: EntityManager, problemId: string): Promise<LifecycleFacts> {
  const analysis = await manager.getRepository(RootCauseAnalysis).findOneBy({ problemId });
  const knownErrorCount = await manager.getRepository(KnownError).countBy({ problemId });
  return { rootCause: analysis?.rootCause ?? null, knownErrorCount };
}
