import type { MigrationInterface, QueryRunner } from 'typeorm';

/** HMAC signatures already accepted by the intake endpoints, kept until their timestamp expires. */
export class CreateIntakeReplayGuard1763800000500 implements MigrationInterface {
  name = 'CreateIntakeReplayGuard1763800000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE intake_replay_guard (
        signature text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX intake_replay_guard_expires_idx ON intake_replay_guard (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE intake_replay_guard`);
  }
}
