import { incidentTaskChangedV1, incidentTaskOverdueV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import type { Actor } from '@mim/contracts';
import type { TimelineEntryInput } from '../timeline/timeline.service';
import { type TaskAction, changeOf } from './mi-task.domain';
import type { MiTask } from './mi-task.entity';

const verbs: Record<TaskAction, string> = {
  create: 'Task created',
  assign: 'Task assigned',
  start: 'Task started',
  complete: 'Task completed',
  cancel: 'Task cancelled',
};

const owner = (task: MiTask) => (task.ownerName ? ` (owner ${task.ownerName})` : '');
const due = (task: MiTask) => (task.dueAt ? `, due ${task.dueAt.toISOString()}` : '');

/** The INTERNAL timeline entry of a task change: the team sees who does what. */
export function taskEntry(
  action: TaskAction,
  task: MiTask,
  actor: TimelineEntryInput['actor'],
  at: Date,
): TimelineEntryInput {
  return {
    kind: `task_${changeOf[action].toLowerCase()}`,
    actor,
    occurredAt: at,
    visibility: 'INTERNAL',
    summary: `${verbs[action]}: ${task.title}${owner(task)}${due(task)}`.slice(0, 1_000),
    detail: taskDetail(task),
  };
}

export function taskOverdueEntry(task: MiTask, at: Date): TimelineEntryInput {
  return {
    kind: 'task_overdue',
    actor: { id: 'system:mi-task', name: 'Task timer' },
    occurredAt: at,
    visibility: 'INTERNAL',
    summary: `Task overdue: ${task.title}${owner(task)}${due(task)}`.slice(0, 1_000),
    detail: taskDetail(task),
  };
}

function taskDetail(task: MiTask): Record<string, unknown> {
  return {
    taskId: task.id,
    title: task.title,
    status: task.status,
    ownerId: task.ownerId,
    ownerName: task.ownerName,
    dueAt: task.dueAt?.toISOString() ?? null,
  };
}

interface EnvelopeFacts {
  /** The incident's version: tasks are not part of its versioned state. */
  incidentVersion: number;
  actor: Actor;
  correlationId: string;
  at: Date;
}

export function taskChangedEvent(action: TaskAction, task: MiTask, facts: EnvelopeFacts) {
  return newEvent(incidentTaskChangedV1, {
    aggregateId: task.incidentId,
    aggregateVersion: facts.incidentVersion,
    actor: facts.actor,
    correlationId: facts.correlationId,
    occurredAt: facts.at,
    data: {
      incidentId: task.incidentId,
      taskId: task.id,
      change: changeOf[action],
      title: task.title,
      status: task.status,
      ownerId: task.ownerId,
      dueAt: task.dueAt?.toISOString() ?? null,
    },
  });
}

export function taskOverdueEvent(task: MiTask & { dueAt: Date }, facts: EnvelopeFacts) {
  return newEvent(incidentTaskOverdueV1, {
    aggregateId: task.incidentId,
    aggregateVersion: facts.incidentVersion,
    actor: facts.actor,
    correlationId: facts.correlationId,
    occurredAt: facts.at,
    data: {
      incidentId: task.incidentId,
      taskId: task.id,
      title: task.title,
      ownerId: task.ownerId,
      dueAt: task.dueAt.toISOString(),
    },
  });
}
