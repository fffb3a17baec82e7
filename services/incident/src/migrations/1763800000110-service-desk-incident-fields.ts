import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fields an L1/L2/L3 service desk works with (intake, tiers, ownership, holds, resolution codes),
 * a full-text search column over title, description and symptoms, and the indexes of the list filters.
 */
export class ServiceDeskIncidentFields1763800000110 implements MigrationInterface {
  name = 'ServiceDeskIncidentFields1763800000110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE incident
        ADD COLUMN symptoms text,
        ADD COLUMN reporter_phone text,
        ADD COLUMN configuration_items text[] NOT NULL DEFAULT '{}',
        ADD COLUMN subcategory text,
        ADD COLUMN support_tier text NOT NULL DEFAULT 'L1'
          CONSTRAINT incident_support_tier_check CHECK (support_tier IN ('L1', 'L2', 'L3')),
        ADD COLUMN assignment_group text,
        ADD COLUMN assignee_id text,
        ADD COLUMN assignee_name text,
        ADD COLUMN escalation_manager_id text,
        ADD COLUMN escalation_manager_name text,
        ADD COLUMN resolution_code text CONSTRAINT incident_resolution_code_check CHECK (resolution_code IN (
          'PERMANENT_FIX', 'WORKAROUND', 'RESOLVED_BY_CHANGE', 'RESOLVED_BY_VENDOR', 'USER_INSTRUCTED',
          'REQUEST_FULFILLED', 'NOT_REPRODUCIBLE', 'RESOLVED_BY_CALLER')),
        ADD COLUMN hold_reason text CONSTRAINT incident_hold_reason_check CHECK (hold_reason IN (
          'AWAITING_USER', 'AWAITING_VENDOR', 'AWAITING_CHANGE', 'OTHER')),
        ADD COLUMN hold_note text,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancellation_reason text,
        ADD COLUMN reopen_count int NOT NULL DEFAULT 0,
        ADD COLUMN search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('english', coalesce(description, '')), 'B') ||
          setweight(to_tsvector('english', coalesce(symptoms, '')), 'C')
        ) STORED`);
    // Incidents put on hold before hold reasons existed get one, so the invariant below holds for all.
    await queryRunner.query(
      `UPDATE incident SET hold_reason = 'OTHER', hold_note = 'on hold before hold reasons were recorded'
       WHERE status = 'ON_HOLD' AND hold_reason IS NULL`,
    );
    await queryRunner.query(`
      ALTER TABLE incident
        ADD CONSTRAINT incident_status_check CHECK (status IN (
          'NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED', 'CANCELLED')),
        ADD CONSTRAINT incident_hold_reason_iff_on_hold CHECK ((status = 'ON_HOLD') = (hold_reason IS NOT NULL)),
        ADD CONSTRAINT incident_subcategory_needs_category CHECK (subcategory IS NULL OR category IS NOT NULL)`);

    await queryRunner.query(`CREATE INDEX incident_search_idx ON incident USING gin (search)`);
    // Each list filter with the default order (newest first), so a filtered page is an index range scan.
    for (const [name, column] of [
      ['status', 'status'],
      ['priority', 'priority'],
      ['tier', 'support_tier'],
      ['channel', 'channel'],
    ]) {
      await queryRunner.query(
        `CREATE INDEX incident_${name}_reported_idx ON incident (${column}, reported_at DESC, id DESC)`,
      );
    }
    await queryRunner.query(
      `CREATE INDEX incident_assignee_reported_idx ON incident (assignee_id, reported_at DESC, id DESC)
       WHERE assignee_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX incident_group_reported_idx ON incident (assignment_group, reported_at DESC, id DESC)
       WHERE assignment_group IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX incident_configuration_items_idx ON incident USING gin (configuration_items)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [
      'incident_configuration_items_idx',
      'incident_group_reported_idx',
      'incident_assignee_reported_idx',
      'incident_channel_reported_idx',
      'incident_tier_reported_idx',
      'incident_priority_reported_idx',
      'incident_status_reported_idx',
      'incident_search_idx',
    ]) {
      await queryRunner.query(`DROP INDEX ${index}`);
    }
    await queryRunner.query(`
      ALTER TABLE incident
        DROP CONSTRAINT incident_subcategory_needs_category,
        DROP CONSTRAINT incident_hold_reason_iff_on_hold,
        DROP CONSTRAINT incident_status_check,
        DROP COLUMN search,
        DROP COLUMN reopen_count,
        DROP COLUMN cancellation_reason,
        DROP COLUMN cancelled_at,
        DROP COLUMN closed_at,
        DROP COLUMN hold_note,
        DROP COLUMN hold_reason,
        DROP COLUMN resolution_code,
        DROP COLUMN escalation_manager_name,
        DROP COLUMN escalation_manager_id,
        DROP COLUMN assignee_name,
        DROP COLUMN assignee_id,
        DROP COLUMN assignment_group,
        DROP COLUMN support_tier,
        DROP COLUMN subcategory,
        DROP COLUMN configuration_items,
        DROP COLUMN reporter_phone,
        DROP COLUMN symptoms`);
  }
}
