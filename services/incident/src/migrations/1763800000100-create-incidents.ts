import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIncidents1763800000100 implements MigrationInterface {
  name = 'CreateIncidents1763800000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE incident_number_seq`);
    await queryRunner.query(`
      CREATE TABLE incident (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        title text NOT NULL,
        description text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('INCIDENT', 'SERVICE_REQUEST')),
        channel text NOT NULL,
        impact text NOT NULL,
        urgency text NOT NULL,
        priority text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4', 'P5')),
        status text NOT NULL,
        reporter_id text NOT NULL,
        reporter_name text NOT NULL,
        reporter_email text,
        affected_services text[] NOT NULL DEFAULT '{}',
        category text,
        reported_at timestamptz NOT NULL,
        failure_started_at timestamptz,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        resolution_notes text,
        version int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Keyset pagination (newest first) and the reporter's own list.
    await queryRunner.query(`CREATE INDEX incident_reported_idx ON incident (reported_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX incident_reporter_idx ON incident (reporter_id, reported_at DESC)`);
    await queryRunner.query(`CREATE INDEX incident_services_idx ON incident USING gin (affected_services)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE incident`);
    await queryRunner.query(`DROP SEQUENCE incident_number_seq`);
  }
}
