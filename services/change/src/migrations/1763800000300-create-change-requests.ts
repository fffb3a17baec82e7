import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateChangeRequests1763800000300 implements MigrationInterface {
  name = 'CreateChangeRequests1763800000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE change_request_number_seq`);
    await queryRunner.query(`
      CREATE TABLE change_request (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        title text NOT NULL,
        description text NOT NULL,
        type text NOT NULL CHECK (type IN ('STANDARD', 'NORMAL', 'EMERGENCY')),
        risk text NOT NULL CHECK (risk IN ('LOW', 'MEDIUM', 'HIGH')),
        status text NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'ASSESSED', 'APPROVED', 'REJECTED',
          'SCHEDULED', 'IMPLEMENTING', 'IMPLEMENTED', 'FAILED', 'ROLLED_BACK', 'REVIEWED', 'CLOSED')),
        implementation_plan text NOT NULL,
        rollback_plan text NOT NULL,
        test_plan text,
        planned_start timestamptz NOT NULL,
        planned_end timestamptz NOT NULL,
        affected_services text[] NOT NULL DEFAULT '{}',
        requested_by_id text NOT NULL,
        version int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT change_request_window_chk CHECK (planned_end > planned_start)
      )`);
    // Keyset pagination (newest first), the change calendar, and changes per service.
    await queryRunner.query(
      `CREATE INDEX change_request_created_idx ON change_request (created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX change_request_window_idx ON change_request (planned_start, planned_end)`,
    );
    await queryRunner.query(
      `CREATE INDEX change_request_services_idx ON change_request USING gin (affected_services)`,
    );
    // Links to incidents (owned by the incident service, so no foreign key on incident_id).
    await queryRunner.query(`
      CREATE TABLE change_request_incident (
        change_id uuid NOT NULL REFERENCES change_request (id) ON DELETE CASCADE,
        incident_id uuid NOT NULL,
        relation text NOT NULL CHECK (relation IN ('FIXES', 'CAUSED_BY')),
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (change_id, incident_id)
      )`);
    // The primary key serves change -> incidents; this one serves Incident.changes.
    await queryRunner.query(
      `CREATE INDEX change_request_incident_incident_idx ON change_request_incident (incident_id, change_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE change_request_incident`);
    await queryRunner.query(`DROP TABLE change_request`);
    await queryRunner.query(`DROP SEQUENCE change_request_number_seq`);
  }
}
