import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * A durable timer: `kind` selects the handler, `key` names the timer (rescheduling a key replaces it).
 * Written with `scheduleJob` in the transaction of the state change that sets it, fired by `JobScheduler`.
 */
@Entity({ name: 'scheduled_job' })
@Index('scheduled_job_due_idx', ['runAt'], { where: 'failed_at IS NULL' })
@Index('scheduled_job_failed_idx', ['failedAt'], { where: 'failed_at IS NOT NULL' })
@Unique('scheduled_job_key_key', ['key'])
export class ScheduledJob {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  kind!: string;

  /** e.g. `sla:first-response:<incidentId>`. */
  @Column('text')
  key!: string;

  /** When the job is due; while a scheduler holds it, the end of that scheduler's lease. */
  @Column({ name: 'run_at', type: 'timestamptz' })
  runAt!: Date;

  @Column('jsonb', { default: {} })
  payload!: Record<string, unknown>;

  /** Handler attempts started (claims), including one in progress. */
  @Column('int', { default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The lease of the scheduler that claimed the job; null when nobody holds it. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  /** Set when the attempts are exhausted: the job is kept, never retried again, for an operator. */
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
