import { cancelJob, scheduleJob } from '@mim/scheduler';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { overdueTimerAt } from './mi-task.domain';
import type { MiTask } from './mi-task.entity';

/** The job kind of task overdue timers; its handler is `MiTaskService.onOverdue`. */
export const taskOverdueKind = 'incident.task_overdue';

/** One timer per task: `task-overdue:<taskId>`. */
export const taskOverdueKey = (taskId: string) => `task-overdue:${taskId}`;

export const taskOverduePayload = z.object({
  incidentId: z.uuid(),
  taskId: z.uuid(),
  dueAt: z.iso.datetime({ offset: true }),
});

/**
 * Points the task's timer at its due time while it is still to be done, or removes it (done, cancelled,
 * no due time). In the caller's transaction, so the timer always matches the task committed with it.
 */
export async function syncTaskTimer(manager: EntityManager, task: MiTask): Promise<void> {
  const at = overdueTimerAt(task);
  const key = taskOverdueKey(task.id);
  if (!at) {
    await cancelJob(manager, key);
    return;
  }
  await scheduleJob(manager, {
    kind: taskOverdueKind,
    key,
    runAt: at,
    payload: { incidentId: task.incidentId, taskId: task.id, dueAt: at.toISOString() },
  });
}
