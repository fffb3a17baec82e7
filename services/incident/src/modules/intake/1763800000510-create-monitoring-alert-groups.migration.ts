import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring alerts deduplicated by fingerprint. `monitoring_alert_group_open_uidx` is what makes an
 * alert storm create one incident: PostgreSQL lets at most one OPEN row exist per fingerprint, and a
 * concurrent `INSERT ... ON CONFLICT DO NOTHING` waits for the first inserter's transaction and then
 * inserts nothing (see `applyAlertWithin`). Resolved groups stay as history, any number per fingerprint.
 *
 * `incident_id` has no foreign key to `incident`: the intake tables do not depend on the incident
 * module's migrations; the row is written in the same transaction as the incident it points to.
 */
export class CreateMonitoringAlertGroups1763800000510 implements MigrationInterface {
  name = 'CreateMonitoringAlertGroups1763800000510';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE monitoring_alert_group (
        id uuid PRIMARY KEY,
        fingerprint text NOT NULL,
        incident_id uuid,
        status text NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
        occurrences int NOT NULL CHECK (occurrences > 0),
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        resolved_at timestamptz,
        CHECK ((status = 'RESOLVED') = (resolved_at IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX monitoring_alert_group_open_uidx ON monitoring_alert_group (fingerprint) WHERE status = 'OPEN'`,
    );
    await queryRunner.query(
      `CREATE INDEX monitoring_alert_group_incident_idx ON monitoring_alert_group (incident_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE monitoring_alert_group`);
  }
}
