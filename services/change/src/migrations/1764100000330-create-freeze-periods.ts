import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Change freezes on the change calendar. */
export class CreateFreezePeriods1764100000330 implements MigrationInterface {
  name = 'CreateFreezePeriods1764100000330';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE freeze_period (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        services text[] NOT NULL DEFAULT '{}',
        created_by_id text NOT NULL,
        version int NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT freeze_period_window_chk CHECK (ends_at > starts_at)
      )`);
    // The freezes overlapping a change's window.
    await queryRunner.query(`CREATE INDEX freeze_period_window_idx ON freeze_period (starts_at, ends_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE freeze_period`);
  }
}
