import 'reflect-metadata';
import { createLogger } from '@mim/observability';
import { createMigratedTestDatabase, type TestDatabase } from '@mim/testing';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CreateScheduledJobTable1763900000000,
  type JobSchedulerOptions,
  JobScheduler,
  ScheduledJob,
  type ScheduleJobInput,
  scheduleJob,
} from '../src';

/** A database with `scheduled_job` plus an `applied` table that test handlers write their effect to. */
export async function schedulerDatabase(
  label: string,
): Promise<{ database: TestDatabase; dataSource: DataSource }> {
  const { database, dataSource } = await createMigratedTestDatabase(label, {
    entities: [ScheduledJob],
    migrations: [CreateScheduledJobTable1763900000000],
    poolSize: 8,
  });
  await dataSource.query(`
    CREATE TABLE applied (
      key text NOT NULL,
      fired_by text NOT NULL,
      payload jsonb NOT NULL,
      fired_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
  return { database, dataSource };
}

export const silentLogger = createLogger({
  service: 'scheduler-test',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
});

/** A scheduler whose `kind` handler records the job in `applied`; short retries so tests stay quick. */
export function recordingScheduler(
  dataSource: DataSource,
  kind: string,
  options: Partial<JobSchedulerOptions> & { name?: string } = {},
): JobScheduler {
  const { name = 'scheduler', ...rest } = options;
  return new JobScheduler({
    dataSource,
    logger: silentLogger,
    retry: { baseDelayMs: 50, maxDelayMs: 400, maxAttempts: 5 },
    ...rest,
  }).register(kind, async (job, manager) => record(manager, job.key, name, job.payload));
}

export async function record(
  manager: EntityManager,
  key: string,
  firedBy: string,
  payload: unknown,
): Promise<void> {
  await manager.query(`INSERT INTO applied (key, fired_by, payload) VALUES ($1, $2, $3::jsonb)`, [
    key,
    firedBy,
    JSON.stringify(payload),
  ]);
}

/** Commits a timer as a use case would: in a transaction of its own. */
export function commitJob(dataSource: DataSource, input: ScheduleJobInput): Promise<void> {
  return dataSource.transaction((manager) => scheduleJob(manager, input));
}

export interface AppliedRow {
  key: string;
  fired_by: string;
  payload: Record<string, unknown>;
  fired_at: Date;
}

export function applied(dataSource: DataSource, key?: string): Promise<AppliedRow[]> {
  return key
    ? dataSource.query(`SELECT * FROM applied WHERE key = $1 ORDER BY fired_at`, [key])
    : dataSource.query(`SELECT * FROM applied ORDER BY fired_at`);
}

export async function pendingJobs(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM scheduled_job`);
  return row.n;
}

export const inMs = (ms: number) => new Date(Date.now() + ms);
