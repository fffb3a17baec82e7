import { type Caller, hasRole } from '@mim/auth';
import type { MiTaskChange, MiTaskStatus, ParticipantRole } from '@mim/contracts';
import {
  dueInThePast,
  invalidTaskTransition,
  notOnTeam,
  notYourTask,
  staleTaskVersion,
} from './mi-task.errors';

/**
 * Tasks of a major incident's team (DOMAIN.md, mistake 3: duplicated effort): each has one owner, a due
 * time, and a state everyone on the team reads. OPEN -> IN_PROGRESS -> DONE; OPEN -> DONE (done at
 * once); OPEN | IN_PROGRESS -> CANCELLED. DONE and CANCELLED are final. Pure: callers stamp `at`.
 */
export interface TaskState {
  title: string;
  status: MiTaskStatus;
  ownerId: string | null;
  ownerName: string | null;
  dueAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  version: number;
}

export type TaskAction = 'create' | 'assign' | 'cancel' | 'start' | 'complete';

/** Who asks: the caller and their role on this incident's team (null when not on it). */
export interface TaskActor {
  caller: Caller;
  teamRole: ParticipantRole | null;
}

const activeStatuses: readonly MiTaskStatus[] = ['OPEN', 'IN_PROGRESS'];

export function isActive(status: MiTaskStatus): boolean {
  return activeStatuses.includes(status);
}

/**
 * RACI of the containment stage: the major incident manager (A) and the MI team (R) organise the work,
 * so they create, assign and cancel tasks; "the team" is the mi_team_member role or anyone on this
 * incident's roster except an external consultant (who changes nothing but their own tasks). Starting
 * and completing belong to the task's owner, or the major incident manager. Admin may do everything.
 */
export function mayActOnTask(
  actor: TaskActor,
  action: TaskAction,
  task?: Pick<TaskState, 'ownerId'>,
): boolean {
  const manager = hasRole(actor.caller, 'major_incident_manager');
  switch (action) {
    case 'create':
    case 'assign':
    case 'cancel':
      return (
        manager ||
        hasRole(actor.caller, 'mi_team_member') ||
        (actor.teamRole !== null && actor.teamRole !== 'EXTERNAL_CONSULTANT')
      );
    case 'start':
    case 'complete':
      return manager || (task?.ownerId != null && task.ownerId === actor.caller.subject);
  }
}

/** FORBIDDEN unless `mayActOnTask`. */
export function requireTaskPermission(
  actor: TaskActor,
  action: TaskAction,
  task?: Pick<TaskState, 'ownerId'>,
): void {
  if (mayActOnTask(actor, action, task)) return;
  throw action === 'start' || action === 'complete' ? notYourTask(action) : notOnTeam();
}

function assertTaskVersion(expected: number, actual: number): void {
  if (expected !== actual) throw staleTaskVersion(expected, actual);
}

function assertFuture(dueAt: Date | null, at: Date): void {
  if (dueAt && dueAt.getTime() <= at.getTime()) throw dueInThePast(dueAt);
}

export interface NewTask {
  title: string;
  owner: { id: string; name: string } | null;
  dueAt: Date | null;
}

export function createTask(input: NewTask, at: Date): TaskState {
  assertFuture(input.dueAt, at);
  return {
    title: input.title,
    status: 'OPEN',
    ownerId: input.owner?.id ?? null,
    ownerName: input.owner?.name ?? null,
    dueAt: input.dueAt,
    startedAt: null,
    completedAt: null,
    cancelledAt: null,
    version: 1,
  };
}

/**
 * Gives the task an owner and, optionally, a new due time (absent: unchanged). A new owner of a task in
 * progress starts it again themselves: the task goes back to OPEN, so nobody reads that the new owner is
 * already at it.
 */
export function assignTask(
  task: TaskState,
  expectedVersion: number,
  owner: { id: string; name: string },
  dueAt: Date | null | undefined,
  at: Date,
): TaskState {
  assertTaskVersion(expectedVersion, task.version);
  if (!isActive(task.status)) throw invalidTaskTransition(task.status, 'assigned');
  if (dueAt !== undefined) assertFuture(dueAt, at);
  const ownerChanged = owner.id !== task.ownerId;
  return {
    ...task,
    ownerId: owner.id,
    ownerName: owner.name,
    dueAt: dueAt === undefined ? task.dueAt : dueAt,
    status: ownerChanged ? 'OPEN' : task.status,
    startedAt: ownerChanged ? null : task.startedAt,
    version: task.version + 1,
  };
}

export function startTask(task: TaskState, expectedVersion: number, at: Date): TaskState {
  assertTaskVersion(expectedVersion, task.version);
  if (task.status !== 'OPEN') throw invalidTaskTransition(task.status, 'started');
  return { ...task, status: 'IN_PROGRESS', startedAt: at, version: task.version + 1 };
}

export function completeTask(task: TaskState, expectedVersion: number, at: Date): TaskState {
  assertTaskVersion(expectedVersion, task.version);
  if (!isActive(task.status)) throw invalidTaskTransition(task.status, 'completed');
  return { ...task, status: 'DONE', completedAt: at, version: task.version + 1 };
}

export function cancelTask(task: TaskState, expectedVersion: number, at: Date): TaskState {
  assertTaskVersion(expectedVersion, task.version);
  if (!isActive(task.status)) throw invalidTaskTransition(task.status, 'cancelled');
  return { ...task, status: 'CANCELLED', cancelledAt: at, version: task.version + 1 };
}

/** Overdue: still to be done and past its due time. */
export function isOverdue(task: Pick<TaskState, 'status' | 'dueAt'>, now: Date): boolean {
  return isActive(task.status) && task.dueAt !== null && task.dueAt.getTime() <= now.getTime();
}

/**
 * When the overdue timer should fire: at the due time of a task still to be done; never otherwise.
 * The timer fires once per due time; a new due time sets a new one.
 */
export function overdueTimerAt(task: Pick<TaskState, 'status' | 'dueAt'>): Date | null {
  return isActive(task.status) ? task.dueAt : null;
}

/** Whether a timer set for `dueAt` still stands for the task as it now is (else it says nothing). */
export function overdueStillDue(task: Pick<TaskState, 'status' | 'dueAt'>, dueAt: Date): boolean {
  return isActive(task.status) && task.dueAt !== null && task.dueAt.getTime() === dueAt.getTime();
}

/** The `change` of `incident.task_changed.v1` each action emits. */
export const changeOf: Record<TaskAction, MiTaskChange> = {
  create: 'CREATED',
  assign: 'ASSIGNED',
  start: 'STARTED',
  complete: 'COMPLETED',
  cancel: 'CANCELLED',
};
