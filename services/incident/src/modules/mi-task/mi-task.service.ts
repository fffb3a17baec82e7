import { randomUUID } from 'node:crypto';
import { DomainError } from '@mim/errors';
import { appendToOutbox } from '@mim/messaging';
import type { DueJob } from '@mim/scheduler';
import { type RequestMeta, eventActor, isUuid, parseInput, traceHeaders } from '@mim/service-kit';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { Incident } from '../incident/incident.entity';
import { isOpen } from '../incident/incident.domain';
import { notOpen } from '../incident/incident.errors';
import { actorOf } from '../incident/incident.history';
import { lockVisible } from '../incident/incident-updater';
import { Participant } from '../participant/participant.entity';
import type { TimelineService } from '../timeline/timeline.service';
import { requireMajor } from '../war-room/war-room.errors';
import {
  type TaskAction,
  type TaskState,
  assignTask,
  cancelTask,
  completeTask,
  createTask,
  overdueStillDue,
  requireTaskPermission,
  startTask,
} from './mi-task.domain';
import { MiTask } from './mi-task.entity';
import { taskNotFound } from './mi-task.errors';
import { taskChangedEvent, taskEntry, taskOverdueEntry, taskOverdueEvent } from './mi-task.history';
import { assignTaskInput, createTaskInput, taskChangeInput } from './mi-task.input';
import { syncTaskTimer, taskOverduePayload } from './mi-task.timers';

/**
 * Tasks of a major incident's team. Each use case is one transaction: lock the incident (visible to the
 * caller, else NOT_FOUND) -> lock the task -> permission and rule (mi-task.domain.ts) -> row -> overdue
 * timer -> INTERNAL timeline entry -> `incident.task_changed.v1`. The incident's version does not change.
 */
export class MiTaskService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: TimelineService,
  ) {}

  create(meta: RequestMeta, rawInput: unknown): Promise<MiTask> {
    const input = parseInput(createTaskInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const incident = await lockVisible(manager, meta.caller, input.incidentId);
      requireTaskPermission(await this.actor(manager, meta, incident.id), 'create');
      requireMajor(incident, 'have team tasks');
      if (!isOpen(incident.status)) throw notOpen(incident.status, 'given new tasks');
      const at = new Date();
      const state = createTask(input, at);
      const task = manager.create(MiTask, {
        id: randomUUID(),
        incidentId: incident.id,
        description: input.description,
        createdAt: at,
        createdBy: meta.caller.subject,
        overdueNotifiedFor: null,
        ...state,
      });
      await manager.insert(MiTask, task);
      await this.record(manager, meta, incident, 'create', task, at, true);
      return task;
    });
  }

  assign(meta: RequestMeta, rawInput: unknown): Promise<MiTask> {
    const input = parseInput(assignTaskInput, rawInput);
    return this.change(meta, input.taskId, 'assign', (state, at) =>
      assignTask(state, input.expectedVersion, input.owner, input.dueAt, at),
    );
  }

  start(meta: RequestMeta, rawInput: unknown): Promise<MiTask> {
    const input = parseInput(taskChangeInput, rawInput);
    return this.change(meta, input.taskId, 'start', (state, at) =>
      startTask(state, input.expectedVersion, at),
    );
  }

  complete(meta: RequestMeta, rawInput: unknown): Promise<MiTask> {
    const input = parseInput(taskChangeInput, rawInput);
    return this.change(meta, input.taskId, 'complete', (state, at) =>
      completeTask(state, input.expectedVersion, at),
    );
  }

  cancel(meta: RequestMeta, rawInput: unknown): Promise<MiTask> {
    const input = parseInput(taskChangeInput, rawInput);
    return this.change(meta, input.taskId, 'cancel', (state, at) =>
      cancelTask(state, input.expectedVersion, at),
    );
  }

  /**
   * The handler of task overdue timers: locks the incident and the task (the order of the use cases) and
   * announces the overdue once per due time, only if the task is still to be done by that time.
   */
  readonly onOverdue = async (job: DueJob, manager: EntityManager): Promise<void> => {
    const payload = taskOverduePayload.parse(job.payload);
    const incident = await manager
      .getRepository(Incident)
      .findOne({ where: { id: payload.incidentId }, lock: { mode: 'pessimistic_write' } });
    if (!incident) return;
    const task = await manager
      .getRepository(MiTask)
      .findOne({ where: { id: payload.taskId }, lock: { mode: 'pessimistic_write' } });
    const dueAt = new Date(payload.dueAt);
    if (!task || !overdueStillDue(task, dueAt)) return;
    if (task.overdueNotifiedFor?.getTime() === dueAt.getTime()) return;
    await manager.update(MiTask, { id: task.id }, { overdueNotifiedFor: dueAt });
    const at = new Date(Math.max(Date.now(), dueAt.getTime()));
    const trace = { correlationId: job.id, traceparent: null };
    await this.timeline.appendWithin(manager, incident.id, [taskOverdueEntry(task, at)], trace);
    await appendToOutbox(manager, [
      taskOverdueEvent(
        { ...task, dueAt },
        {
          incidentVersion: incident.version,
          actor: { kind: 'system', id: 'mi-task' },
          correlationId: job.id,
          at,
        },
      ),
    ]);
  };

  /** The tasks of a batch of incidents (a DataLoader's batch function), oldest first. */
  async byIncidentIds(incidentIds: readonly string[]): Promise<MiTask[][]> {
    const ids = [...new Set(incidentIds.filter(isUuid))];
    const rows = ids.length
      ? await this.dataSource.getRepository(MiTask).find({
          where: { incidentId: In(ids) },
          order: { createdAt: 'ASC', id: 'ASC' },
        })
      : [];
    return incidentIds.map((id) => rows.filter((row) => row.incidentId === id));
  }

  private change(
    meta: RequestMeta,
    taskId: string,
    action: Exclude<TaskAction, 'create'>,
    decide: (state: TaskState, at: Date) => TaskState,
  ): Promise<MiTask> {
    return this.dataSource.transaction(async (manager) => {
      if (!isUuid(taskId)) throw taskNotFound(taskId);
      const found = await manager.findOneBy(MiTask, { id: taskId });
      if (!found) throw taskNotFound(taskId);
      // The incident first, then the task: the order of every writer of both (and of the timer).
      const incident = await lockVisible(manager, meta.caller, found.incidentId).catch((error: unknown) => {
        // A task of an incident the caller may not see is not found either (not its incident).
        throw error instanceof DomainError && error.code === 'NOT_FOUND' ? taskNotFound(taskId) : error;
      });
      const current = await manager
        .getRepository(MiTask)
        .findOneOrFail({ where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
      requireTaskPermission(await this.actor(manager, meta, incident.id), action, current);
      const at = new Date();
      const next = decide(current, at);
      const task = manager.create(MiTask, { ...current, ...next });
      await manager.update(
        MiTask,
        { id: task.id, version: current.version },
        {
          status: task.status,
          ownerId: task.ownerId,
          ownerName: task.ownerName,
          dueAt: task.dueAt,
          startedAt: task.startedAt,
          completedAt: task.completedAt,
          cancelledAt: task.cancelledAt,
          version: task.version,
        },
      );
      const timerChanged =
        task.status !== current.status || task.dueAt?.getTime() !== current.dueAt?.getTime();
      await this.record(manager, meta, incident, action, task, at, timerChanged);
      return task;
    });
  }

  private async record(
    manager: EntityManager,
    meta: RequestMeta,
    incident: Incident,
    action: TaskAction,
    task: MiTask,
    at: Date,
    syncTimer: boolean,
  ): Promise<void> {
    // Only when the due time or the state moved: a timer that already fired is not set again for the
    // same due time.
    if (syncTimer) await syncTaskTimer(manager, task);
    await this.timeline.appendWithin(
      manager,
      incident.id,
      [taskEntry(action, task, actorOf(meta.caller), at)],
      meta,
    );
    await appendToOutbox(
      manager,
      [
        taskChangedEvent(action, task, {
          incidentVersion: incident.version,
          actor: eventActor(meta.caller),
          correlationId: meta.correlationId,
          at,
        }),
      ],
      traceHeaders(meta),
    );
  }

  private async actor(manager: EntityManager, meta: RequestMeta, incidentId: string) {
    const participant = await manager.findOneBy(Participant, { incidentId, userId: meta.caller.subject });
    return { caller: meta.caller, teamRole: participant?.role ?? null };
  }
}
