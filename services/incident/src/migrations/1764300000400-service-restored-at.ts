import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When service was restored for users (a mitigation) before the incident is fully resolved. */
export class ServiceRestoredAt1764300000400 implements MigrationInterface {
  name = 'ServiceRestoredAt1764300000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE incident ADD COLUMN service_restored_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE incident DROP COLUMN service_restored_at`);
  }
}
