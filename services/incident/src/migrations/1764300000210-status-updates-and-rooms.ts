import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Communication and containment of a major incident: its status updates to the four audiences
 * (modules/status-update), newest first per incident, and its conference bridge and war room
 * (modules/war-room), one row per incident.
 */
export class StatusUpdatesAndRooms1764300000210 implements MigrationInterface {
  name = 'StatusUpdatesAndRooms1764300000210';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incident_status_update (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incident (id),
        audiences text[] NOT NULL CHECK (cardinality(audiences) > 0 AND audiences <@
          ARRAY['TECHNICAL_TEAM', 'MANAGEMENT', 'KEY_STAKEHOLDERS', 'USERS']::text[]),
        impact text NOT NULL,
        current_status text NOT NULL,
        actions text,
        next_update_due_at timestamptz,
        published_at timestamptz NOT NULL,
        published_by_id text NOT NULL,
        published_by_name text NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX incident_status_update_incident_idx ON incident_status_update (incident_id, published_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE incident_rooms (
        incident_id uuid PRIMARY KEY REFERENCES incident (id),
        bridge_url text,
        bridge_dial_in text,
        war_room text,
        set_at timestamptz NOT NULL,
        set_by text NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE incident_rooms`);
    await queryRunner.query(`DROP TABLE incident_status_update`);
  }
}
