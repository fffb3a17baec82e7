import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable timers of a service (`scheduled_job`); a service that uses `JobScheduler` lists this
 * migration after the messaging one.
 */
export class CreateScheduledJobTable1763900000000 implements MigrationInterface {
  name = 'CreateScheduledJobTable1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE scheduled_job (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        key text NOT NULL,
        run_at timestamptz NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        locked_until timestamptz,
        failed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT scheduled_job_key_key UNIQUE (key)
      )`);
    // Pending jobs only: the scheduler's claim and its "when is the next one due" both walk this index.
    await queryRunner.query(
      `CREATE INDEX scheduled_job_due_idx ON scheduled_job (run_at) WHERE failed_at IS NULL`,
    );
    // Failed jobs wait for an operator; this keeps listing them cheap however many are pending.
    await queryRunner.query(
      `CREATE INDEX scheduled_job_failed_idx ON scheduled_job (failed_at) WHERE failed_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE scheduled_job`);
  }
}
