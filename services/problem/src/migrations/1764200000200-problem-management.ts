import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Problem management (issue 5): the owner as a person (and unassigned until a problem manager takes a
 * problem opened automatically), affected services, the major incident a problem was opened for (one
 * problem per incident: the unique key that makes the consumer of incident.major_declared.v1 safe to
 * replay), merges, the order of incident links, full-text search of problems; the root-cause analysis of a problem; the known error
 * database with its weighted full-text search.
 */
export class ProblemManagement1764200000200 implements MigrationInterface {
  name = 'ProblemManagement1764200000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE problem
        ALTER COLUMN owner_id DROP NOT NULL,
        ADD COLUMN owner_name text,
        ADD COLUMN affected_services text[] NOT NULL DEFAULT '{}',
        ADD COLUMN origin_incident_id uuid UNIQUE,
        ADD COLUMN merged_into_id uuid REFERENCES problem (id),
        ADD COLUMN search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('english', coalesce(description, '')), 'B')
        ) STORED`);
    // Problems opened before owners had names: the id is the best name known.
    await queryRunner.query(`UPDATE problem SET owner_name = owner_id WHERE owner_id IS NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE problem
        ADD CONSTRAINT problem_owner_check CHECK ((owner_id IS NULL) = (owner_name IS NULL)),
        ADD CONSTRAINT problem_merged_check
          CHECK (merged_into_id IS NULL OR (status = 'CLOSED' AND merged_into_id <> id))`);
    // The order incidents were linked in, also within one batch (they share their linked_at).
    await queryRunner.query(`ALTER TABLE problem_incident ADD COLUMN seq bigserial NOT NULL`);
    await queryRunner.query(`CREATE INDEX problem_search_idx ON problem USING gin (search)`);
    await queryRunner.query(`CREATE INDEX problem_services_idx ON problem USING gin (affected_services)`);
    await queryRunner.query(`CREATE INDEX problem_status_idx ON problem (status, created_at DESC, id DESC)`);
    // The problems waiting for a problem manager to take them: a short list among many.
    await queryRunner.query(
      `CREATE INDEX problem_unassigned_idx ON problem (created_at DESC, id DESC) WHERE owner_id IS NULL`,
    );

    // One analysis per problem, replaced as it progresses; `detail` holds the method's own structure.
    await queryRunner.query(`
      CREATE TABLE problem_root_cause_analysis (
        problem_id uuid PRIMARY KEY REFERENCES problem (id) ON DELETE CASCADE,
        method text NOT NULL CHECK (method IN ('FIVE_WHYS', 'FISHBONE', 'TIMELINE_ANALYSIS')),
        detail jsonb NOT NULL CHECK (detail->>'method' = method),
        findings text,
        root_cause text,
        contributing_factors text[] NOT NULL DEFAULT '{}',
        recorded_by_id text NOT NULL,
        recorded_by_name text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);

    // The known error database: title and symptoms weigh most (what the service desk sees of a new
    // incident), then workaround and root cause, then the permanent fix.
    await queryRunner.query(`
      CREATE TABLE known_error (
        id uuid PRIMARY KEY,
        problem_id uuid NOT NULL REFERENCES problem (id) ON DELETE CASCADE,
        title text NOT NULL,
        symptoms text NOT NULL,
        root_cause text NOT NULL,
        workaround text NOT NULL,
        permanent_fix text,
        recorded_by_id text NOT NULL,
        recorded_by_name text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') ||
          setweight(to_tsvector('english', symptoms), 'A') ||
          setweight(to_tsvector('english', workaround), 'B') ||
          setweight(to_tsvector('english', root_cause), 'B') ||
          setweight(to_tsvector('english', coalesce(permanent_fix, '')), 'C')
        ) STORED
      )`);
    await queryRunner.query(`CREATE INDEX known_error_search_idx ON known_error USING gin (search)`);
    await queryRunner.query(
      `CREATE INDEX known_error_problem_idx ON known_error (problem_id, created_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE known_error`);
    await queryRunner.query(`DROP TABLE problem_root_cause_analysis`);
    await queryRunner.query(`DROP INDEX problem_unassigned_idx`);
    await queryRunner.query(`DROP INDEX problem_status_idx`);
    await queryRunner.query(`DROP INDEX problem_services_idx`);
    await queryRunner.query(`DROP INDEX problem_search_idx`);
    await queryRunner.query(`ALTER TABLE problem_incident DROP COLUMN seq`);
    await queryRunner.query(`
      ALTER TABLE problem
        DROP CONSTRAINT problem_merged_check,
        DROP CONSTRAINT problem_owner_check,
        DROP COLUMN search,
        DROP COLUMN merged_into_id,
        DROP COLUMN origin_incident_id,
        DROP COLUMN affected_services,
        DROP COLUMN owner_name`);
    // The previous schema had no unowned problem: they get a placeholder owner rather than being lost.
    await queryRunner.query(`UPDATE problem SET owner_id = 'unassigned' WHERE owner_id IS NULL`);
    await queryRunner.query(`ALTER TABLE problem ALTER COLUMN owner_id SET NOT NULL`);
  }
}
