import type { Logger } from '@mim/observability';
import type { DataSource, EntityManager } from 'typeorm';
import { type RetryPolicy, defaultRetryPolicy, retryDelayMs } from './retry-policy';
import { NotifiedLoop } from './notified-loop';
import { schedulerChannel } from './schedule-job';

/** A due job as its handler receives it. */
export interface DueJob<TPayload = Record<string, unknown>> {
  id: string;
  kind: string;
  key: string;
  payload: TPayload;
  /** When the job was due (its run_at when it was claimed). */
  dueAt: Date;
  /** 1 on the first try; a retry after a failure or an interrupted attempt counts up. */
  attempt: number;
}

/**
 * Runs a due job inside the transaction that deletes it: everything written through `manager` (state, an
 * outbox event, the job's next timer under the same key) commits with the deletion or not at all. A throw
 * rolls those writes back and schedules a retry. Handlers touch the database only (anything external goes
 * through the outbox), and lock and re-read the aggregate they act on (`SELECT ... FOR UPDATE`): a job
 * says "look now", not "this is still true", and the lock orders the handler with the use cases that
 * change that aggregate and its timers.
 */
export type JobHandler<TPayload = Record<string, unknown>> = (
  job: DueJob<TPayload>,
  manager: EntityManager,
) => Promise<void>;

/**
 * What happened to a claimed job: `fired` (handler committed, job deleted unless the handler rescheduled
 * it), `retrying` (handler threw; due again after the backoff), `failed` (attempts exhausted; kept for an
 * operator), `superseded` (rescheduled, cancelled or reclaimed between claim and run: nothing ran),
 * `interrupted` (the attempt did not commit: the database failed, or the attempt outlived its lease; the
 * job is due again when the lease ends).
 */
export type JobOutcome = 'fired' | 'retrying' | 'failed' | 'superseded' | 'interrupted';

export interface JobSettled {
  kind: string;
  key: string;
  outcome: JobOutcome;
  attempt: number;
  /** From due to handled; how late the timer fired. */
  lagMs: number;
  error?: unknown;
}

export interface JobSchedulerOptions {
  dataSource: DataSource;
  logger: Logger;
  /** Jobs claimed per query. */
  batchSize?: number;
  /** Longest sleep without a notification: bounds the delay after a lost NOTIFY or LISTEN connection. */
  maxSleepMs?: number;
  /** How long a claim keeps a job from other schedulers before it counts as abandoned (a crash). */
  leaseMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Called once per claimed job, e.g. with `schedulerMetrics(registry)`. Must not throw. */
  onSettled?: (event: JobSettled) => void;
}

interface ClaimedRow {
  id: string;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  lease: Date;
  due_at: Date;
}

/**
 * Fires durable timers (`scheduled_job` rows), exactly once across any number of replicas.
 *
 * Claim: one statement selects due jobs of the registered kinds `FOR UPDATE SKIP LOCKED`, counts the
 * attempt and stamps a lease (`locked_until`, also written to `run_at`, so a claim abandoned by a crash
 * is simply due again when it expires); it commits at once. Until the lease ends no other scheduler can
 * claim the job. Run: each job gets its own transaction, whose EntityManager the handler receives inside
 * a savepoint; then the row is locked, and deleted if it still carries this claim. The attempt commits
 * only within its lease (see `finish`), so the handler's effects and the deletion commit together, once.
 * A handler that throws is rolled back to the savepoint and the job pushed back by capped doubling; after
 * the last attempt it is marked `failed_at` and kept. Because the attempt is counted at the claim, a job
 * that kills its process every time still ends up `failed` instead of looping.
 *
 * Between passes the loop sleeps until the earliest pending job (capped by `maxSleepMs`); a `scheduleJob`
 * notification for an earlier time wakes it, so timers fire promptly without polling.
 */
export class JobScheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly batchSize: number;
  private readonly maxSleepMs: number;
  private readonly leaseMs: number;
  private readonly retry: RetryPolicy;
  /** Set by stop(): a drain in progress finishes its batch and returns. */
  private stopping = false;
  private readonly loop: NotifiedLoop;

  constructor(private readonly options: JobSchedulerOptions) {
    this.batchSize = options.batchSize ?? 20;
    this.maxSleepMs = options.maxSleepMs ?? 5000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    if (this.retry.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be at least 1');
    this.loop = new NotifiedLoop({
      name: 'job scheduler',
      dataSource: options.dataSource,
      logger: options.logger,
      channel: schedulerChannel,
      maxSleepMs: this.maxSleepMs,
      // A job whose handler outlived its lease is still locked by that attempt.
      busyPauseMs: 1000,
      pass: async () => ({ claimed: await this.runDueJobs(), nextDueInMs: await this.msUntilNextDue() }),
      // scheduleJob notifies the job's run_at (epoch ms).
      dueAt: (payload) => Number(payload),
    });
  }

  /** Registers the handler of a kind; jobs of kinds nobody registered wait (e.g. for a newer replica). */
  register<TPayload = Record<string, unknown>>(kind: string, handler: JobHandler<TPayload>): this {
    if (this.handlers.has(kind)) throw new Error(`a handler for ${kind} is already registered`);
    this.handlers.set(kind, handler as unknown as JobHandler);
    return this;
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.loop.start();
  }

  /** Lets the job in progress finish, then stops; unfinished claims are retried after their lease. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
  }

  /** Runs every job due now, batch after batch; returns how many were claimed. The loop's step; tests use it. */
  async runDueJobs(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.claim();
      for (const row of claimed) await this.execute(row);
      total += claimed.length;
      if (claimed.length < this.batchSize || this.stopping) return total;
    }
  }

  private async claim(): Promise<ClaimedRow[]> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return [];
    const [rows] = await this.options.dataSource.query<[ClaimedRow[], number]>(
      `WITH due AS (
         SELECT id, run_at FROM scheduled_job
         WHERE failed_at IS NULL AND run_at <= now() AND kind = ANY($1::text[])
         ORDER BY run_at LIMIT $2
         FOR UPDATE SKIP LOCKED
       ), lease AS (
         SELECT date_trunc('milliseconds', clock_timestamp() + $3 * interval '1 millisecond') AS until
       )
       UPDATE scheduled_job AS job SET
         attempts = job.attempts + 1,
         locked_until = lease.until,
         run_at = lease.until,
         last_error = CASE WHEN job.locked_until IS NULL THEN job.last_error
                      ELSE 'attempt ' || job.attempts || ' did not finish within its lease' END
       FROM due, lease
       WHERE job.id = due.id
       RETURNING job.id, job.kind, job.key, job.payload, job.attempts, job.locked_until AS lease, due.run_at AS due_at`,
      [kinds, this.batchSize, this.leaseMs],
    );
    // RETURNING has no order; keep the due order the claim used.
    return rows.sort((a, b) => a.due_at.getTime() - b.due_at.getTime());
  }

  private async execute(row: ClaimedRow): Promise<void> {
    const handler = this.handlers.get(row.kind);
    if (!handler) return; // only registered kinds are claimed
    const job: DueJob = {
      id: row.id,
      kind: row.kind,
      key: row.key,
      payload: row.payload,
      dueAt: row.due_at,
      attempt: row.attempts,
    };
    let error: unknown;
    let outcome: JobOutcome;
    try {
      outcome = await this.options.dataSource.transaction(async (manager) => {
        if (!(await this.stillHeld(manager, row))) return 'superseded';
        if (job.attempt > this.retry.maxAttempts) {
          // Earlier attempts never finished (their process died): stop here rather than crash again.
          const settled = await this.settle(manager, row, { failed: true, lastError: null });
          return settled ? 'failed' : 'superseded';
        }
        try {
          // A nested transaction is a savepoint: a throw undoes the handler's writes and nothing else.
          await manager.transaction((inner) => handler(job, inner));
        } catch (handlerError) {
          error = handlerError;
          const exhausted = job.attempt >= this.retry.maxAttempts;
          const settled = await this.settle(manager, row, {
            failed: exhausted,
            lastError: describe(handlerError),
          });
          if (!settled) return 'superseded';
          return exhausted ? 'failed' : 'retrying';
        }
        await this.finish(manager, row);
        return 'fired';
      });
    } catch (transactionError) {
      error = transactionError;
      outcome = 'interrupted';
    }
    this.report(job, outcome, error);
  }

  /**
   * Completes a successful attempt. The row is locked only now, after the handler's own locks, so the
   * order is the one use cases follow (aggregate, then its timer) and the two never deadlock. While the
   * lease is valid no other scheduler can have claimed the job, and the lock keeps it so until commit;
   * past it, another may be running it, so this attempt is rolled back. The row is deleted if it still
   * carries this claim; if the handler (or a use case meanwhile) rescheduled or cancelled it, that stands.
   */
  private async finish(manager: EntityManager, row: ClaimedRow): Promise<void> {
    const locked = await manager.query<Array<{ ours: boolean }>>(
      `SELECT locked_until = $2 AS ours FROM scheduled_job WHERE id = $1 FOR UPDATE`,
      [row.id, row.lease],
    );
    const [{ inTime } = { inTime: false }] = await manager.query<Array<{ inTime: boolean }>>(
      `SELECT clock_timestamp() < $1::timestamptz AS "inTime"`,
      [row.lease],
    );
    if (!inTime) throw new LeaseExpired(`the attempt outlived its lease (${row.lease.toISOString()})`);
    if (locked[0]?.ours) await manager.query(`DELETE FROM scheduled_job WHERE id = $1`, [row.id]);
  }

  private async stillHeld(manager: EntityManager, row: ClaimedRow): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM scheduled_job WHERE id = $1 AND locked_until = $2`,
      [row.id, row.lease],
    );
    return rows.length > 0;
  }

  /**
   * Releases the claim after a failed attempt: due again after the backoff, or marked failed (and due at
   * its original time again, for the operator to read). False if the claim was superseded meanwhile.
   */
  private async settle(
    manager: EntityManager,
    row: ClaimedRow,
    outcome: { failed: boolean; lastError: string | null },
  ): Promise<boolean> {
    const delayMs = retryDelayMs(row.attempts, this.retry);
    const [, updated] = await manager.query<[unknown, number]>(
      `UPDATE scheduled_job SET
         last_error = COALESCE($3, last_error),
         locked_until = NULL,
         failed_at = CASE WHEN $4 THEN now() END,
         run_at = CASE WHEN $4 THEN $5 ELSE clock_timestamp() + $6 * interval '1 millisecond' END
       WHERE id = $1 AND locked_until = $2`,
      [row.id, row.lease, outcome.lastError, outcome.failed, row.due_at, delayMs],
    );
    return updated > 0;
  }

  private report(job: DueJob, outcome: JobOutcome, error: unknown): void {
    const { logger, onSettled } = this.options;
    const context = { kind: job.kind, key: job.key, attempt: job.attempt, err: error };
    switch (outcome) {
      case 'fired':
      case 'superseded':
        logger.debug(context, `scheduled job ${outcome}`);
        break;
      case 'retrying':
        logger.warn(context, 'scheduled job failed; will retry');
        break;
      case 'interrupted':
        logger.warn(context, 'scheduled job attempt interrupted; retried after its lease');
        break;
      case 'failed':
        logger.error(context, 'scheduled job failed for good; kept for an operator (retryFailedJob)');
        break;
    }
    try {
      onSettled?.({
        kind: job.kind,
        key: job.key,
        outcome,
        attempt: job.attempt,
        lagMs: Date.now() - job.dueAt.getTime(),
        ...(error === undefined ? {} : { error }),
      });
    } catch (hookError) {
      logger.warn({ err: hookError }, 'job scheduler onSettled hook threw');
    }
  }

  /** Database time until the earliest pending job this scheduler can run, capped by maxSleepMs. */
  private async msUntilNextDue(): Promise<number> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return this.maxSleepMs;
    const [row] = await this.options.dataSource.query<Array<{ ms: number | null }>>(
      `SELECT (EXTRACT(EPOCH FROM min(run_at) - clock_timestamp()) * 1000)::float8 AS ms
       FROM scheduled_job WHERE failed_at IS NULL AND kind = ANY($1::text[])`,
      [kinds],
    );
    const ms = row?.ms ?? null;
    return ms === null ? this.maxSleepMs : Math.min(this.maxSleepMs, Math.max(0, Math.ceil(ms)));
  }
}

/** Rolls back an attempt that ran past its lease, when another scheduler may have claimed the job. */
class LeaseExpired extends Error {
  override name = 'LeaseExpired';
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}
