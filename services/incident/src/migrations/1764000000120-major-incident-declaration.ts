import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Major incident declaration (modules/major-incident): whether an incident was declared major, when,
 * and the statement of its impact. Existing incidents are not major. The partial index serves
 * `incidents(filter: { major: true })`, a short list among many.
 */
export class MajorIncidentDeclaration1764000000120 implements MigrationInterface {
  name = 'MajorIncidentDeclaration1764000000120';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE incident
        ADD COLUMN is_major boolean NOT NULL DEFAULT false,
        ADD COLUMN major_declared_at timestamptz,
        ADD COLUMN impact_statement text,
        ADD CONSTRAINT incident_major_declared_check
          CHECK (is_major = (major_declared_at IS NOT NULL) AND is_major = (impact_statement IS NOT NULL))`);
    await queryRunner.query(
      `CREATE INDEX incident_major_idx ON incident (reported_at DESC, id DESC) WHERE is_major`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE incident
        DROP CONSTRAINT incident_major_declared_check,
        DROP COLUMN impact_statement,
        DROP COLUMN major_declared_at,
        DROP COLUMN is_major`);
  }
}
