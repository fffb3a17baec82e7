import { cancelJob, scheduleJob } from '@mim/scheduler';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';

/** The job kind of the status update cadence; its handler is `StatusUpdateService.onDue`. */
export const statusUpdateDueKind = 'incident.status_update_due';

/** One timer per major incident: `status-update:<incidentId>`. */
export const statusUpdateDueKey = (incidentId: string) => `status-update:${incidentId}`;

export const statusUpdateDuePayload = z.object({
  incidentId: z.uuid(),
  dueAt: z.iso.datetime({ offset: true }),
  /** The latest update when the timer was set (null: none yet); a newer one makes the timer stale. */
  lastUpdateId: z.uuid().nullable(),
  /** How many reminders came before this one without an update. */
  reminder: z.number().int().min(0),
});
export type StatusUpdateDuePayload = z.output<typeof statusUpdateDuePayload>;

/** Sets (replaces) or removes the incident's cadence timer, in the caller's transaction. */
export async function setStatusUpdateTimer(
  manager: EntityManager,
  incidentId: string,
  timer: (Omit<StatusUpdateDuePayload, 'incidentId' | 'dueAt'> & { dueAt: Date }) | null,
): Promise<void> {
  const key = statusUpdateDueKey(incidentId);
  if (!timer) {
    await cancelJob(manager, key);
    return;
  }
  await scheduleJob(manager, {
    kind: statusUpdateDueKind,
    key,
    runAt: timer.dueAt,
    payload: {
      incidentId,
      dueAt: timer.dueAt.toISOString(),
      lastUpdateId: timer.lastUpdateId,
      reminder: timer.reminder,
    },
  });
}
