import { type TestDatabase, eventually } from '@mim/testing';
import type { DataSource } from 'typeorm';
import {
  type JobSettled,
  JobScheduler,
  cancelJob,
  findScheduledJob,
  retryFailedJob,
  scheduleJob,
} from '../src';
import {
  applied,
  commitJob,
  inMs,
  pendingJobs,
  record,
  recordingScheduler,
  schedulerDatabase,
  silentLogger,
} from './scheduler-harness';

describe('JobScheduler', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const started: JobScheduler[] = [];

  /** Starts a scheduler that afterEach stops, whatever the test's outcome. */
  async function start(scheduler: JobScheduler): Promise<JobScheduler> {
    started.push(scheduler);
    await scheduler.start();
    return scheduler;
  }

  beforeAll(async () => {
    ({ database, dataSource } = await schedulerDatabase('scheduler'));
  });
  beforeEach(async () => {
    await dataSource.query(`TRUNCATE scheduled_job, applied`);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((scheduler) => scheduler.stop()));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('fires a job once, at or after its due time, with its payload, and deletes it', async () => {
    const runAt = inMs(300);
    await commitJob(dataSource, { kind: 'tick', key: 'tick:1', runAt, payload: { incidentId: 'i-1' } });
    await start(recordingScheduler(dataSource, 'tick'));

    const [fired] = await eventually(async () => {
      const rows = await applied(dataSource, 'tick:1');
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(fired?.payload).toEqual({ incidentId: 'i-1' });
    expect(fired?.fired_at.getTime()).toBeGreaterThanOrEqual(runAt.getTime());
    expect(await pendingJobs(dataSource)).toBe(0);
  });

  it('commits a timer with the caller transaction only: a rolled-back schedule leaves nothing', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await scheduleJob(manager, { kind: 'tick', key: 'tick:rolled-back', runAt: inMs(0) });
        throw new Error('use case failed after scheduling');
      }),
    ).rejects.toThrow('use case failed');
    expect(await findScheduledJob(dataSource.manager, 'tick:rolled-back')).toBeNull();
  });

  it('replaces a timer rescheduled under the same key: one firing, the new time and payload', async () => {
    const first = inMs(200);
    const second = inMs(600);
    await commitJob(dataSource, {
      kind: 'tick',
      key: 'sla:first-response:i-2',
      runAt: first,
      payload: { v: 1 },
    });
    await commitJob(dataSource, {
      kind: 'tick',
      key: 'sla:first-response:i-2',
      runAt: second,
      payload: { v: 2 },
    });
    expect(await pendingJobs(dataSource)).toBe(1);
    await start(recordingScheduler(dataSource, 'tick'));

    const rows = await eventually(async () => {
      const found = await applied(dataSource, 'sla:first-response:i-2');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(rows[0]?.payload).toEqual({ v: 2 });
    expect(rows[0]?.fired_at.getTime()).toBeGreaterThanOrEqual(second.getTime());
  });

  it('is woken by NOTIFY when a timer is moved sooner than it planned to sleep', async () => {
    // A minute's sleep cap: only the notification can make it fire within eventually's 15 s.
    await start(recordingScheduler(dataSource, 'tick', { maxSleepMs: 60_000 }));
    await commitJob(dataSource, { kind: 'tick', key: 'tick:later', runAt: inMs(3600_000) });
    await new Promise((resolve) => setTimeout(resolve, 100)); // asleep until the hour-away job
    const sooner = inMs(200);
    await commitJob(dataSource, { kind: 'tick', key: 'tick:later', runAt: sooner });

    const [fired] = await eventually(async () => {
      const rows = await applied(dataSource, 'tick:later');
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(fired?.fired_at.getTime()).toBeGreaterThanOrEqual(sooner.getTime());
  });

  it('never fires a cancelled timer', async () => {
    await commitJob(dataSource, { kind: 'tick', key: 'tick:cancelled', runAt: inMs(100) });
    // Due after the cancelled one: once it has fired, the cancelled one would have too.
    await commitJob(dataSource, { kind: 'tick', key: 'tick:sentinel', runAt: inMs(400) });
    expect(await dataSource.transaction((manager) => cancelJob(manager, 'tick:cancelled'))).toBe(true);
    expect(await dataSource.transaction((manager) => cancelJob(manager, 'tick:cancelled'))).toBe(false);
    await start(recordingScheduler(dataSource, 'tick'));

    await eventually(async () => expect(await applied(dataSource, 'tick:sentinel')).toHaveLength(1));
    expect(await applied(dataSource, 'tick:cancelled')).toHaveLength(0);
  });

  it('leaves jobs of kinds it has no handler for to a scheduler that has one', async () => {
    await commitJob(dataSource, { kind: 'future.kind', key: 'future:1', runAt: inMs(0) });
    await commitJob(dataSource, { kind: 'tick', key: 'tick:known', runAt: inMs(50) });
    await start(recordingScheduler(dataSource, 'tick'));

    await eventually(async () => expect(await applied(dataSource, 'tick:known')).toHaveLength(1));
    expect(await findScheduledJob(dataSource.manager, 'future:1')).toMatchObject({
      attempts: 0,
      failedAt: null,
    });
    await start(recordingScheduler(dataSource, 'future.kind', { name: 'newer replica' }));
    await eventually(async () => expect(await applied(dataSource, 'future:1')).toHaveLength(1));
  });

  it('fires each of 50 jobs exactly once with three schedulers on one database', async () => {
    const runAt = inMs(300);
    await dataSource.transaction(async (manager) => {
      for (let index = 0; index < 50; index += 1) {
        await scheduleJob(manager, { kind: 'tick', key: `tick:many:${index}`, runAt, payload: { index } });
      }
    });
    const settled: JobSettled[] = [];
    // Small batches, so the three interleave claims instead of one taking everything at once.
    for (const name of ['a', 'b', 'c']) {
      await start(
        recordingScheduler(dataSource, 'tick', { name, batchSize: 5, onSettled: (e) => settled.push(e) }),
      );
    }

    await eventually(async () => expect(await pendingJobs(dataSource)).toBe(0));
    const rows = await applied(dataSource);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((row) => row.key)).size).toBe(50);
    // Claims never overlapped: no scheduler took a job another held (which would show as superseded).
    expect(settled).toHaveLength(50);
    expect(settled.every((event) => event.outcome === 'fired' && event.attempt === 1)).toBe(true);
    for (const row of rows) expect(row.fired_at.getTime()).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it('survives a restart: jobs set while no scheduler runs fire once one starts', async () => {
    const before = await start(recordingScheduler(dataSource, 'tick', { name: 'before' }));
    await before.stop();
    await commitJob(dataSource, { kind: 'tick', key: 'tick:overdue', runAt: inMs(-60_000) });
    await commitJob(dataSource, { kind: 'tick', key: 'tick:soon', runAt: inMs(200) });
    await new Promise((resolve) => setTimeout(resolve, 300)); // both due while nothing runs
    expect(await applied(dataSource)).toHaveLength(0);

    await start(recordingScheduler(dataSource, 'tick', { name: 'after' }));
    await eventually(async () => expect(await applied(dataSource)).toHaveLength(2));
    expect((await applied(dataSource)).map((row) => row.fired_by)).toEqual(['after', 'after']);
  });

  it('retries a failing handler with growing delays, rolling back its writes each time', async () => {
    const attemptsStartedAt: number[] = [];
    const settled: JobSettled[] = [];
    const scheduler = new JobScheduler({
      dataSource,
      logger: silentLogger,
      retry: { baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 5 },
      onSettled: (event) => settled.push(event),
    }).register('flaky', async (job, manager) => {
      attemptsStartedAt.push(Date.now());
      await record(manager, job.key, 'flaky', { attempt: job.attempt });
      if (job.attempt < 3) throw new Error(`dependency down (attempt ${job.attempt})`);
    });
    await commitJob(dataSource, { kind: 'flaky', key: 'flaky:1', runAt: inMs(0) });
    await start(scheduler);

    await eventually(async () => expect(await pendingJobs(dataSource)).toBe(0));
    const rows = await applied(dataSource, 'flaky:1');
    expect(rows.map((row) => row.payload)).toEqual([{ attempt: 3 }]); // attempts 1 and 2 left nothing
    expect(settled.map((event) => [event.outcome, event.attempt])).toEqual([
      ['retrying', 1],
      ['retrying', 2],
      ['fired', 3],
    ]);
    expect(String(settled[0]?.error)).toContain('dependency down (attempt 1)');
    const [first = 0, second = 0, third = 0] = attemptsStartedAt;
    expect(second - first).toBeGreaterThanOrEqual(100);
    expect(third - second).toBeGreaterThanOrEqual(200);
  });

  it('keeps a job whose attempts are exhausted, marked failed, until an operator retries it', async () => {
    let healthy = false;
    const scheduler = new JobScheduler({
      dataSource,
      logger: silentLogger,
      retry: { baseDelayMs: 20, maxDelayMs: 40, maxAttempts: 3 },
    }).register('broken', async (job, manager) => {
      await record(manager, job.key, 'broken', { attempt: job.attempt });
      if (!healthy) throw new Error('handler bug');
    });
    await commitJob(dataSource, { kind: 'broken', key: 'broken:1', runAt: inMs(0) });
    await start(scheduler);

    const failed = await eventually(async () => {
      const job = await findScheduledJob(dataSource.manager, 'broken:1');
      expect(job?.failedAt).not.toBeNull();
      return job;
    });
    expect(failed).toMatchObject({ attempts: 3, lockedUntil: null });
    expect(failed?.lastError).toContain('handler bug');
    expect(await applied(dataSource, 'broken:1')).toHaveLength(0);

    healthy = true;
    expect(await dataSource.transaction((manager) => retryFailedJob(manager, 'broken:1'))).toBe(true);
    await eventually(async () => expect(await applied(dataSource, 'broken:1')).toHaveLength(1));
    expect(await pendingJobs(dataSource)).toBe(0);
  });

  it("commits the handler's writes and the job's deletion together, or neither", async () => {
    // The deletion fails (as a commit can): the handler's write must not survive without it.
    await dataSource.query(`
      CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'deletion refused'; END $$`);
    await dataSource.query(
      `CREATE TRIGGER refuse_delete BEFORE DELETE ON scheduled_job FOR EACH ROW EXECUTE FUNCTION refuse_delete()`,
    );
    const settled: JobSettled[] = [];
    try {
      await commitJob(dataSource, { kind: 'tick', key: 'tick:atomic', runAt: inMs(0) });
      await start(
        recordingScheduler(dataSource, 'tick', { leaseMs: 300, onSettled: (e) => settled.push(e) }),
      );
      await eventually(() => expect(settled.map((event) => event.outcome)).toContain('interrupted'));
      expect(await applied(dataSource, 'tick:atomic')).toHaveLength(0);
      expect(await findScheduledJob(dataSource.manager, 'tick:atomic')).toMatchObject({ attempts: 1 });
    } finally {
      await dataSource.query(`DROP TRIGGER refuse_delete ON scheduled_job`);
      await dataSource.query(`DROP FUNCTION refuse_delete()`);
    }
    // Once the lease of the interrupted attempt expires, the job runs again and both effects commit.
    await eventually(async () => expect(await pendingJobs(dataSource)).toBe(0));
    expect(await applied(dataSource, 'tick:atomic')).toHaveLength(1);
    expect(settled.at(-1)).toMatchObject({ outcome: 'fired', attempt: 2 });
  });

  it('retries a job whose scheduler died mid-attempt once its lease expires, and gives up on one that keeps dying', async () => {
    // What a claim leaves behind when its process is killed: the attempt counted, a lease, no outcome.
    await commitJob(dataSource, { kind: 'tick', key: 'tick:orphan', runAt: inMs(-1000) });
    await commitJob(dataSource, { kind: 'tick', key: 'tick:poison', runAt: inMs(-1000) });
    await dataSource.query(
      `UPDATE scheduled_job SET attempts = CASE key WHEN 'tick:orphan' THEN 1 ELSE 5 END,
         locked_until = now() - interval '1 second', run_at = now() - interval '1 second'`,
    );
    const settled: JobSettled[] = [];
    await start(recordingScheduler(dataSource, 'tick', { onSettled: (event) => settled.push(event) }));

    await eventually(() => expect(settled).toHaveLength(2));
    expect(await applied(dataSource, 'tick:orphan')).toHaveLength(1);
    expect(settled.find((event) => event.key === 'tick:orphan')).toMatchObject({
      outcome: 'fired',
      attempt: 2,
    });
    // maxAttempts is 5 in recordingScheduler: a sixth claim marks it failed without running it.
    expect(await applied(dataSource, 'tick:poison')).toHaveLength(0);
    const poison = await findScheduledJob(dataSource.manager, 'tick:poison');
    expect(poison).toMatchObject({ attempts: 6 });
    expect(poison?.failedAt).not.toBeNull();
    expect(poison?.lastError).toContain('did not finish within its lease');
  });

  it('keeps the next timer a handler sets under its own key, committed with its effects', async () => {
    const scheduler = new JobScheduler({ dataSource, logger: silentLogger }).register<{ step: number }>(
      'chain',
      async (job, manager) => {
        await record(manager, job.key, 'chain', job.payload);
        if (job.payload.step < 3) {
          await scheduleJob(manager, {
            kind: 'chain',
            key: job.key,
            runAt: inMs(50),
            payload: { step: job.payload.step + 1 },
          });
        }
      },
    );
    await commitJob(dataSource, {
      kind: 'chain',
      key: 'sla:resolution:i-9',
      runAt: inMs(0),
      payload: { step: 1 },
    });
    await start(scheduler);

    await eventually(async () => expect(await applied(dataSource, 'sla:resolution:i-9')).toHaveLength(3));
    expect((await applied(dataSource)).map((row) => row.payload)).toEqual([
      { step: 1 },
      { step: 2 },
      { step: 3 },
    ]);
    expect(await pendingJobs(dataSource)).toBe(0);
  });

  it('commits only one of two attempts when one outlives its lease and another scheduler takes over', async () => {
    const settled: JobSettled[] = [];
    const slowFirstAttempt = (name: string) =>
      new JobScheduler({
        dataSource,
        logger: silentLogger,
        leaseMs: 200,
        onSettled: (event) => settled.push(event),
      }).register('slow', async (job, manager) => {
        await record(manager, job.key, name, { attempt: job.attempt });
        if (job.attempt === 1) await new Promise((resolve) => setTimeout(resolve, 600));
      });
    await commitJob(dataSource, { kind: 'slow', key: 'slow:1', runAt: inMs(0) });
    await start(slowFirstAttempt('a'));
    await start(slowFirstAttempt('b'));

    await eventually(() => expect(settled).toHaveLength(2));
    expect(settled.map((event) => [event.attempt, event.outcome]).sort()).toEqual([
      [1, 'interrupted'],
      [2, 'fired'],
    ]);
    expect((await applied(dataSource, 'slow:1')).map((row) => row.payload)).toEqual([{ attempt: 2 }]);
    expect(await pendingJobs(dataSource)).toBe(0);
  });

  it('does not deadlock with a use case that locks the aggregate and then reschedules its timer', async () => {
    await dataSource.query(`CREATE TABLE IF NOT EXISTS aggregate (id int PRIMARY KEY, version int NOT NULL)`);
    await dataSource.query(`INSERT INTO aggregate VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = 1`);
    const settled: JobSettled[] = [];
    const scheduler = new JobScheduler({
      dataSource,
      logger: silentLogger,
      onSettled: (event) => settled.push(event),
    }).register('sla', async (job, manager) => {
      // As a real handler would: lock and re-read the aggregate, then act on it.
      const [row] = await manager.query(`SELECT version FROM aggregate WHERE id = 1 FOR UPDATE`);
      await record(manager, job.key, 'sla', { sawVersion: row.version });
    });
    await commitJob(dataSource, { kind: 'sla', key: 'sla:first-response:agg-1', runAt: inMs(-10) });

    const useCase = dataSource.createQueryRunner();
    try {
      await useCase.startTransaction();
      await useCase.query(`UPDATE aggregate SET version = 2 WHERE id = 1`);
      await start(scheduler);
      // The handler now waits for the aggregate this use case holds.
      await eventually(async () => {
        const [waiting] = await dataSource.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`);
        expect(waiting.n).toBeGreaterThan(0);
      });
      await scheduleJob(useCase.manager, { kind: 'sla', key: 'sla:first-response:agg-1', runAt: inMs(100) });
      await useCase.commitTransaction();
    } finally {
      await useCase.release();
    }

    await eventually(async () =>
      expect(await applied(dataSource, 'sla:first-response:agg-1')).toHaveLength(2),
    );
    expect(settled.map((event) => event.outcome)).toEqual(['fired', 'fired']);
    // The first firing ran after the use case committed: it saw its change.
    expect((await applied(dataSource)).map((row) => row.payload)).toEqual([
      { sawVersion: 2 },
      { sawVersion: 2 },
    ]);
  });

  it('drops a claimed job that was rescheduled before it ran, and fires the new one instead', async () => {
    const settled: JobSettled[] = [];
    const scheduler = new JobScheduler({
      dataSource,
      logger: silentLogger,
      onSettled: (event) => settled.push(event),
    }).register('tick', async (job, manager) => {
      await record(manager, job.key, 'tick', job.payload);
      // Claimed in the same batch, later in due order: moved while the scheduler holds it.
      if (job.key === 'tick:mover') {
        await scheduleJob(manager, { kind: 'tick', key: 'tick:moved', runAt: inMs(300), payload: { v: 2 } });
      }
    });
    await commitJob(dataSource, { kind: 'tick', key: 'tick:mover', runAt: inMs(-2000) });
    await commitJob(dataSource, { kind: 'tick', key: 'tick:moved', runAt: inMs(-1000), payload: { v: 1 } });
    await start(scheduler);

    await eventually(async () => expect(await applied(dataSource, 'tick:moved')).toHaveLength(1));
    expect((await applied(dataSource, 'tick:moved'))[0]?.payload).toEqual({ v: 2 });
    expect(settled.map((event) => [event.key, event.outcome])).toEqual([
      ['tick:mover', 'fired'],
      ['tick:moved', 'superseded'],
      ['tick:moved', 'fired'],
    ]);
  });
});
