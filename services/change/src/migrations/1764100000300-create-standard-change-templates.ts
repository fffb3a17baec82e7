import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The catalogue of standard change templates (pre-approved routine changes). */
export class CreateStandardChangeTemplates1764100000300 implements MigrationInterface {
  name = 'CreateStandardChangeTemplates1764100000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE standard_change_template (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        description text NOT NULL,
        implementation_plan text NOT NULL,
        rollback_plan text NOT NULL,
        test_plan text,
        risk text NOT NULL CHECK (risk IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
        impact text NOT NULL CHECK (impact IN ('MINOR', 'MODERATE', 'SIGNIFICANT', 'EXTENSIVE')),
        created_by_id text NOT NULL,
        version int NOT NULL,
        retired_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // One active template per name (case-insensitive); retired ones keep theirs.
    await queryRunner.query(
      `CREATE UNIQUE INDEX standard_change_template_active_name_idx
         ON standard_change_template (lower(name)) WHERE retired_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE standard_change_template`);
  }
}
