import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people on an incident's team (modules/participant), one row per person and incident with their
 * role. `incident_participant_user_idx` serves the visibility of external consultants: an incident list
 * filtered to the incidents a user is on.
 */
export class IncidentParticipants1764000000110 implements MigrationInterface {
  name = 'IncidentParticipants1764000000110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incident_participant (
        incident_id uuid NOT NULL REFERENCES incident (id),
        user_id text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('MAJOR_INCIDENT_MANAGER', 'MI_TEAM_MEMBER', 'TECHNICAL_STAFF',
          'CHANGE_MANAGER', 'PROBLEM_MANAGER', 'COMMUNICATIONS_LEAD', 'EXTERNAL_CONSULTANT')),
        added_at timestamptz NOT NULL,
        added_by text NOT NULL,
        PRIMARY KEY (incident_id, user_id)
      )`);
    await queryRunner.query(`CREATE INDEX incident_participant_user_idx ON incident_participant (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE incident_participant`);
  }
}
