import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Post-incident reviews of major incidents (modules/post-incident-review): one per incident, its
 * follow-up actions as a JSON array. Version-checked like incidents.
 */
export class PostIncidentReviews1764300000300 implements MigrationInterface {
  name = 'PostIncidentReviews1764300000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE post_incident_review (
        incident_id uuid PRIMARY KEY REFERENCES incident (id),
        status text NOT NULL CHECK (status IN ('DRAFT', 'IN_REVIEW', 'PUBLISHED')),
        version int NOT NULL CHECK (version > 0),
        summary text,
        impact text,
        affected_services text[] NOT NULL DEFAULT '{}',
        root_cause text,
        went_well text,
        went_badly text,
        follow_ups jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(follow_ups) = 'array'),
        started_by_id text NOT NULL,
        started_by_name text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        submitted_at timestamptz,
        published_at timestamptz,
        published_by_id text,
        published_by_name text,
        CHECK ((status = 'PUBLISHED') = (published_at IS NOT NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE post_incident_review`);
  }
}
