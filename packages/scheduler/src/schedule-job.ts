import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** The LISTEN/NOTIFY channel `scheduleJob` notifies, with the job's run_at (epoch ms) as payload. */
export const schedulerChannel = 'mim_scheduler';

export interface ScheduleJobInput {
  /** Selects the handler registered on `JobScheduler`, e.g. `sla.breach`. */
  kind: string;
  /** Names the timer, e.g. `sla:first-response:<incidentId>`; scheduling an existing key replaces it. */
  key: string;
  runAt: Date;
  /** Given to the handler as is; JSON only. */
  payload?: Record<string, unknown>;
}

/** A stored job as an operator or a test sees it. */
export interface ScheduledJobView {
  id: string;
  kind: string;
  key: string;
  runAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
  lastError: string | null;
  lockedUntil: Date | null;
  failedAt: Date | null;
  createdAt: Date;
}

/**
 * Sets a timer inside the caller's transaction, so it commits (or rolls back) with the state change that
 * set it. Scheduling an existing key replaces that timer entirely: new kind, time and payload, attempts
 * and failure cleared, and a scheduler holding the old one drops it instead of firing it.
 */
export async function scheduleJob(manager: EntityManager, input: ScheduleJobInput): Promise<void> {
  if (input.kind.length === 0) throw new TypeError('scheduleJob: kind must not be empty');
  if (input.key.length === 0) throw new TypeError('scheduleJob: key must not be empty');
  const runAtMs = input.runAt.getTime();
  if (Number.isNaN(runAtMs)) throw new TypeError(`scheduleJob: invalid runAt for ${input.key}`);
  await manager.query(
    `INSERT INTO scheduled_job (id, kind, key, run_at, payload) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (key) DO UPDATE SET
       kind = EXCLUDED.kind, run_at = EXCLUDED.run_at, payload = EXCLUDED.payload,
       attempts = 0, last_error = NULL, locked_until = NULL, failed_at = NULL`,
    [randomUUID(), input.kind, input.key, input.runAt, JSON.stringify(input.payload ?? {})],
  );
  // Delivered at commit, never for a rolled-back transaction; a scheduler sleeping past runAt wakes up.
  await manager.query(`SELECT pg_notify($1, $2)`, [schedulerChannel, String(runAtMs)]);
}

/** Removes a timer inside the caller's transaction; true if there was one. */
export async function cancelJob(manager: EntityManager, key: string): Promise<boolean> {
  const [, affected] = await manager.query<[unknown, number]>(`DELETE FROM scheduled_job WHERE key = $1`, [
    key,
  ]);
  return affected > 0;
}

/** Gives a failed job a fresh set of attempts, due now (the operator's way out of `failed`). */
export async function retryFailedJob(manager: EntityManager, key: string): Promise<boolean> {
  const [, affected] = await manager.query<[unknown, number]>(
    `UPDATE scheduled_job SET failed_at = NULL, attempts = 0, locked_until = NULL, run_at = now()
     WHERE key = $1 AND failed_at IS NOT NULL`,
    [key],
  );
  if (affected === 0) return false;
  await manager.query(`SELECT pg_notify($1, $2)`, [schedulerChannel, String(Date.now())]);
  return true;
}

export async function findScheduledJob(
  manager: EntityManager,
  key: string,
): Promise<ScheduledJobView | null> {
  const rows = await manager.query<Array<Record<string, unknown>>>(
    `SELECT id, kind, key, run_at, payload, attempts, last_error, locked_until, failed_at, created_at
     FROM scheduled_job WHERE key = $1`,
    [key],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id as string,
    kind: row.kind as string,
    key: row.key as string,
    runAt: row.run_at as Date,
    payload: row.payload as Record<string, unknown>,
    attempts: row.attempts as number,
    lastError: row.last_error as string | null,
    lockedUntil: row.locked_until as Date | null,
    failedAt: row.failed_at as Date | null,
    createdAt: row.created_at as Date,
  };
}
