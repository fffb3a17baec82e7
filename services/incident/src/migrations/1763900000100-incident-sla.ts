import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA clocks on the incident row (modules/sla): `sla` is the clock state as JSON (targets, response,
 * resolution, holds, announced breaches); the other columns are derived from it at each change and each
 * timer, so `incidents(filter: { slaStatus })` runs on indexes:
 * - `sla_status`: the status when last written (ON_TRACK, AT_RISK, BREACHED, MET, PAUSED);
 * - `first_response_due_at`, `resolution_due_at`: the due time of a clock still running (null once it
 *   stopped, and for resolution while on hold);
 * - `sla_at_risk_at`: the earliest instant a running clock turns AT_RISK.
 * With them the status at any instant is exact without waiting for a timer (sla-status-filter.ts).
 * Incidents logged before this migration have no clocks (`sla` null).
 */
export class IncidentSlaClocks1763900000100 implements MigrationInterface {
  name = 'IncidentSlaClocks1763900000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE incident
        ADD COLUMN sla jsonb,
        ADD COLUMN sla_status text
          CHECK (sla_status IN ('ON_TRACK', 'AT_RISK', 'BREACHED', 'MET', 'PAUSED')),
        ADD COLUMN first_response_due_at timestamptz,
        ADD COLUMN resolution_due_at timestamptz,
        ADD COLUMN sla_at_risk_at timestamptz`);
    await queryRunner.query(`CREATE INDEX incident_sla_status_idx ON incident (sla_status)`);
    // Partial: only running clocks have a due time, and only they are compared with now().
    await queryRunner.query(
      `CREATE INDEX incident_first_response_due_idx ON incident (first_response_due_at)
       WHERE first_response_due_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX incident_resolution_due_idx ON incident (resolution_due_at)
       WHERE resolution_due_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX incident_sla_at_risk_idx ON incident (sla_at_risk_at) WHERE sla_at_risk_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE incident
        DROP COLUMN sla_at_risk_at,
        DROP COLUMN resolution_due_at,
        DROP COLUMN first_response_due_at,
        DROP COLUMN sla_status,
        DROP COLUMN sla`);
  }
}
