import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIncidentMetrics1763800000500 implements MigrationInterface {
  name = 'CreateIncidentMetrics1763800000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per incident, built from its events in any order; a row may exist before its
    // incident.created.v1 arrives, so the descriptive columns are nullable.
    await queryRunner.query(`
      CREATE TABLE incident_metrics (
        incident_id uuid PRIMARY KEY,
        number text,
        kind text CHECK (kind IN ('INCIDENT', 'SERVICE_REQUEST')),
        priority text CHECK (priority IN ('P1', 'P2', 'P3', 'P4', 'P5')),
        channel text,
        affected_services text[] NOT NULL DEFAULT '{}',
        reported_at timestamptz,
        failure_started_at timestamptz,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        resolution_version int NOT NULL DEFAULT 0,
        status text,
        last_aggregate_version int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The summary scans incidents by report time.
    await queryRunner.query(
      `CREATE INDEX incident_metrics_reported_idx ON incident_metrics (reported_at) WHERE reported_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE incident_metrics`);
  }
}
