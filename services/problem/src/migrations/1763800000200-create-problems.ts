import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProblems1763800000200 implements MigrationInterface {
  name = 'CreateProblems1763800000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE problem_number_seq`);
    await queryRunner.query(`
      CREATE TABLE problem (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        title text NOT NULL,
        description text NOT NULL,
        priority text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4', 'P5')),
        status text NOT NULL CHECK (status IN ('NEW', 'UNDER_INVESTIGATION', 'ROOT_CAUSE_IDENTIFIED',
          'KNOWN_ERROR', 'RESOLVED', 'CLOSED')),
        owner_id text NOT NULL,
        version int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Keyset pagination (newest first) and "my problems".
    await queryRunner.query(`CREATE INDEX problem_created_idx ON problem (created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX problem_owner_idx ON problem (owner_id, created_at DESC)`);
    // Many-to-many with incidents (owned by the incident service, so no foreign key on incident_id).
    await queryRunner.query(`
      CREATE TABLE problem_incident (
        problem_id uuid NOT NULL REFERENCES problem (id) ON DELETE CASCADE,
        incident_id uuid NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (problem_id, incident_id)
      )`);
    // The primary key serves problem -> incidents; this one serves Incident.problems.
    await queryRunner.query(
      `CREATE INDEX problem_incident_incident_idx ON problem_incident (incident_id, problem_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE problem_incident`);
    await queryRunner.query(`DROP TABLE problem`);
    await queryRunner.query(`DROP SEQUENCE problem_number_seq`);
  }
}
