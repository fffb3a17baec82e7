import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Everything the metrics need per incident (issue 8): its dimensions (category, tier, team, major) and
 * the instants of its lifecycle (restoration, declaration, SLA breaches), each versioned so events may
 * arrive in any order; plus a revision, so the in-memory fact store of every replica can follow changes.
 */
export class IncidentFacts1763800000510 implements MigrationInterface {
  name = 'IncidentFacts1763800000510';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE incident_metrics_revision`);
    await queryRunner.query(`
      ALTER TABLE incident_metrics
        ADD COLUMN category text,
        ADD COLUMN support_tier text CHECK (support_tier IN ('L1', 'L2', 'L3')),
        -- The assignment group working it: the "team" of the metrics.
        ADD COLUMN team text,
        ADD COLUMN ownership_version int NOT NULL DEFAULT 0,
        ADD COLUMN priority_version int NOT NULL DEFAULT 0,
        ADD COLUMN major boolean NOT NULL DEFAULT false,
        ADD COLUMN major_declared_at timestamptz,
        ADD COLUMN service_restored_at timestamptz,
        ADD COLUMN first_response_breached boolean NOT NULL DEFAULT false,
        ADD COLUMN resolution_breached boolean NOT NULL DEFAULT false,
        -- When the newest event applied to this row happened: the start of the ingest lag.
        ADD COLUMN last_event_at timestamptz,
        -- Bumped on every write (a sequence, so concurrent writers never reuse one).
        ADD COLUMN revision bigint NOT NULL DEFAULT nextval('incident_metrics_revision')`);
    // Until now status and priority moved together; priority has its own version from here on.
    await queryRunner.query(`UPDATE incident_metrics SET priority_version = last_aggregate_version`);
    await queryRunner.query(`CREATE INDEX incident_metrics_revision_idx ON incident_metrics (revision)`);
    // A rebuild replaces the projection as a whole; readers reload everything when the generation moves.
    await queryRunner.query(`
      CREATE TABLE projection_state (
        name text PRIMARY KEY,
        generation int NOT NULL DEFAULT 1,
        rebuilt_at timestamptz,
        -- The stream sequence the last rebuild replayed up to.
        replayed_to_sequence bigint
      )`);
    await queryRunner.query(`INSERT INTO projection_state (name) VALUES ('incident_metrics')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projection_state`);
    await queryRunner.query(`DROP INDEX incident_metrics_revision_idx`);
    await queryRunner.query(`
      ALTER TABLE incident_metrics
        DROP COLUMN category, DROP COLUMN support_tier, DROP COLUMN team, DROP COLUMN ownership_version,
        DROP COLUMN priority_version, DROP COLUMN major, DROP COLUMN major_declared_at,
        DROP COLUMN service_restored_at, DROP COLUMN first_response_breached,
        DROP COLUMN resolution_breached, DROP COLUMN last_event_at, DROP COLUMN revision`);
    await queryRunner.query(`DROP SEQUENCE incident_metrics_revision`);
  }
}
