import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What this service knows of each incident, from the incident service's events: enough to match rules
 * (priority, services, category, major) and to find the people a rule names (reporter, assignee, team).
 */
export class IncidentSnapshots1763800000430 implements MigrationInterface {
  name = 'IncidentSnapshots1763800000430';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incident_snapshot (
        id uuid PRIMARY KEY,
        -- False until incident.created arrives: events of other subjects may come first.
        created_seen boolean NOT NULL DEFAULT false,
        -- Unknown until an event that carries it arrives (status update events do not).
        number text,
        title text,
        kind text,
        channel text,
        priority text,
        status text NOT NULL DEFAULT 'NEW',
        major boolean NOT NULL DEFAULT false,
        affected_services text[] NOT NULL DEFAULT '{}',
        category text,
        reporter_id text,
        reporter_name text,
        reporter_email text,
        support_tier text NOT NULL DEFAULT 'L1',
        assignment_group text,
        assignee_id text,
        assignee_name text,
        impact_statement text,
        reported_at timestamptz,
        -- { userId: { name, role, at } }; removals are kept with role null, so a late add loses.
        participants jsonb NOT NULL DEFAULT '{}',
        -- The aggregate version each part was last set from: an older event never overwrites a newer one.
        status_version integer NOT NULL DEFAULT 0,
        priority_version integer NOT NULL DEFAULT 0,
        ownership_version integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A trigger that came before incident.created (each subject has its own consumer): kept, and
    // announced when the incident becomes known, instead of being retried until it is dead-lettered.
    await queryRunner.query(`
      CREATE TABLE deferred_announcement (
        source_event_id uuid PRIMARY KEY,
        incident_id uuid NOT NULL,
        trigger text NOT NULL,
        -- { id, type, correlationId, occurredAt } of the source, the trigger's details, the audiences named.
        source jsonb NOT NULL,
        details jsonb NOT NULL,
        named_audiences text[],
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX deferred_announcement_incident_idx ON deferred_announcement (incident_id, created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE deferred_announcement`);
    await queryRunner.query(`DROP TABLE incident_snapshot`);
  }
}
