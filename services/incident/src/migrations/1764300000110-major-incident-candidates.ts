import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Major incident candidates (modules/mi-candidate): a flood of incidents on one service or with
 * similar text, or a critical monitoring alert, waiting for a person to promote or dismiss it.
 *
 * - pg_trgm and a GIN trigram index on the text the similarity rule compares (title and symptoms).
 * - At most one OPEN candidate per cluster key (`service:<name>`, ...): a second raise of the same
 *   cluster fails rather than duplicating it (detection is also serialised by an advisory lock).
 * - An incident is listed by at most one candidate (the primary key of the listing).
 */
export class MajorIncidentCandidates1764300000110 implements MigrationInterface {
  name = 'MajorIncidentCandidates1764300000110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX incident_text_trgm_idx ON incident
         USING gin ((title || ' ' || coalesce(symptoms, '')) gin_trgm_ops)`,
    );
    await queryRunner.query(`
      CREATE TABLE major_incident_candidate (
        id uuid PRIMARY KEY,
        reason text NOT NULL CHECK (reason IN ('SAME_SERVICE', 'SIMILAR_TEXT', 'CRITICAL_ALERT')),
        service text,
        cluster_key text NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'PROMOTED', 'DISMISSED')),
        raised_at timestamptz NOT NULL,
        decided_at timestamptz,
        decided_by_id text,
        decided_by_name text,
        dismiss_reason text,
        major_incident_id uuid REFERENCES incident (id),
        version int NOT NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX major_incident_candidate_open_cluster_uidx
         ON major_incident_candidate (cluster_key) WHERE status = 'OPEN'`,
    );
    await queryRunner.query(
      `CREATE INDEX major_incident_candidate_list_idx ON major_incident_candidate (status, raised_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX major_incident_candidate_raised_idx ON major_incident_candidate (raised_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE major_incident_candidate_incident (
        incident_id uuid PRIMARY KEY REFERENCES incident (id),
        candidate_id uuid NOT NULL REFERENCES major_incident_candidate (id),
        listed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX major_incident_candidate_incident_idx
         ON major_incident_candidate_incident (candidate_id, listed_at, incident_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE major_incident_candidate_incident`);
    await queryRunner.query(`DROP TABLE major_incident_candidate`);
    await queryRunner.query(`DROP INDEX incident_text_trgm_idx`);
  }
}
