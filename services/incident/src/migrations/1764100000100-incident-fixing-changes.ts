import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model of the changes that fix each incident (modules/fixing-change), fed by the change
 * service's events, and the reason a major incident was resolved without an implemented one.
 * `incident_fixing_change_change_idx` serves the consumers, which read every row of one change.
 */
export class IncidentFixingChanges1764100000100 implements MigrationInterface {
  name = 'IncidentFixingChanges1764100000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incident_fixing_change (
        incident_id uuid NOT NULL REFERENCES incident (id),
        change_id uuid NOT NULL,
        number text NOT NULL,
        status text NOT NULL,
        status_changed_at timestamptz NOT NULL,
        change_version int NOT NULL,
        linked boolean NOT NULL,
        implemented boolean NOT NULL,
        PRIMARY KEY (incident_id, change_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX incident_fixing_change_change_idx ON incident_fixing_change (change_id)`,
    );
    await queryRunner.query(`ALTER TABLE incident ADD COLUMN resolution_without_change_reason text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE incident DROP COLUMN resolution_without_change_reason`);
    await queryRunner.query(`DROP TABLE incident_fixing_change`);
  }
}
