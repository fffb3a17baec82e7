import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tasks of a major incident's team (modules/mi-task): one owner, a due time, a state. The partial
 * index serves `Incident.tasks` (newest work first per incident).
 */
export class MajorIncidentTasks1764300000200 implements MigrationInterface {
  name = 'MajorIncidentTasks1764300000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incident_task (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incident (id),
        title text NOT NULL,
        description text,
        status text NOT NULL CHECK (status IN ('OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED')),
        owner_id text,
        owner_name text,
        due_at timestamptz,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        started_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        overdue_notified_for timestamptz,
        version int NOT NULL,
        CHECK ((owner_id IS NULL) = (owner_name IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX incident_task_incident_idx ON incident_task (incident_id, created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE incident_task`);
  }
}
