import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What change management assesses and records on a change request: impact, CRITICAL risk, configuration
 * items, the template of a standard change, the approvals it needs, the post-implementation review, and
 * links to problems.
 */
export class ChangeRequestAssessment1764100000310 implements MigrationInterface {
  name = 'ChangeRequestAssessment1764100000310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE change_request DROP CONSTRAINT change_request_risk_check`);
    await queryRunner.query(`
      ALTER TABLE change_request
        ADD CONSTRAINT change_request_risk_check CHECK (risk IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
        ADD COLUMN impact text NOT NULL DEFAULT 'MODERATE'
          CHECK (impact IN ('MINOR', 'MODERATE', 'SIGNIFICANT', 'EXTENSIVE')),
        ADD COLUMN configuration_items text[] NOT NULL DEFAULT '{}',
        ADD COLUMN template_id uuid REFERENCES standard_change_template (id),
        ADD COLUMN approval_quorum int CHECK (approval_quorum > 0),
        ADD COLUMN review_effective boolean,
        ADD COLUMN review_summary text,
        ADD COLUMN review_follow_ups text[],
        ADD COLUMN reviewed_by_id text,
        ADD COLUMN reviewed_at timestamptz,
        ADD CONSTRAINT change_request_template_chk CHECK (template_id IS NULL OR type = 'STANDARD')`);
    // Before templates, STANDARD was only a label: such changes not yet approved go to the CAB instead
    // (the service lets no standard change be approved without a template).
    await queryRunner.query(
      `UPDATE change_request SET type = 'NORMAL'
        WHERE type = 'STANDARD' AND status IN ('DRAFT', 'SUBMITTED', 'ASSESSED')`,
    );
    // Changes submitted before approvals were counted need the usual two (CHANGE_CAB_QUORUM's default;
    // the emergency rule's fixed two).
    await queryRunner.query(
      `UPDATE change_request SET approval_quorum = 2 WHERE status <> 'DRAFT' AND type <> 'STANDARD'`,
    );
    // Conflict detection: changes touching a configuration item.
    await queryRunner.query(
      `CREATE INDEX change_request_cis_idx ON change_request USING gin (configuration_items)`,
    );
    await queryRunner.query(`
      CREATE TABLE change_request_problem (
        change_id uuid NOT NULL REFERENCES change_request (id) ON DELETE CASCADE,
        problem_id uuid NOT NULL,
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (change_id, problem_id)
      )`);
    // The primary key serves change -> problems; this one serves Problem.changes.
    await queryRunner.query(
      `CREATE INDEX change_request_problem_problem_idx ON change_request_problem (problem_id, change_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE change_request_problem`);
    await queryRunner.query(`DROP INDEX change_request_cis_idx`);
    await queryRunner.query(`
      ALTER TABLE change_request
        DROP CONSTRAINT change_request_template_chk,
        DROP COLUMN impact,
        DROP COLUMN configuration_items,
        DROP COLUMN template_id,
        DROP COLUMN approval_quorum,
        DROP COLUMN review_effective,
        DROP COLUMN review_summary,
        DROP COLUMN review_follow_ups,
        DROP COLUMN reviewed_by_id,
        DROP COLUMN reviewed_at,
        DROP CONSTRAINT change_request_risk_check`);
    await queryRunner.query(
      `ALTER TABLE change_request ADD CONSTRAINT change_request_risk_check CHECK (risk IN ('LOW', 'MEDIUM', 'HIGH'))`,
    );
  }
}
