import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Comments and work notes, and the timeline of every change; existing incidents get their `created` entry. */
export class CreateCommentsAndTimeline1763800000130 implements MigrationInterface {
  name = 'CreateCommentsAndTimeline1763800000130';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE comment (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incident (id),
        visibility text NOT NULL CHECK (visibility IN ('PUBLIC', 'INTERNAL')),
        body text NOT NULL,
        author_id text NOT NULL,
        author_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX comment_incident_idx ON comment (incident_id, created_at, id)`);

    await queryRunner.query(`
      CREATE TABLE incident_timeline_entry (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL,
        incident_id uuid NOT NULL REFERENCES incident (id),
        occurred_at timestamptz NOT NULL,
        kind text NOT NULL,
        summary text NOT NULL,
        actor_id text NOT NULL,
        actor_name text NOT NULL,
        source text NOT NULL DEFAULT 'incident',
        visibility text NOT NULL CHECK (visibility IN ('PUBLIC', 'INTERNAL')),
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(
      `CREATE INDEX incident_timeline_entry_order_idx ON incident_timeline_entry (incident_id, occurred_at, seq)`,
    );
    await queryRunner.query(`
      INSERT INTO incident_timeline_entry
        (id, incident_id, occurred_at, kind, summary, actor_id, actor_name, source, visibility, detail)
      SELECT gen_random_uuid(), id, created_at, 'created', 'Logged ' || number || ' (' || priority || ')',
             'system:migration', 'migration', 'incident', 'PUBLIC',
             jsonb_build_object('number', number, 'channel', channel, 'priority', priority,
                                'reportedAt', reported_at, 'backfilled', true)
      FROM incident ORDER BY created_at, id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE incident_timeline_entry`);
    await queryRunner.query(`DROP TABLE comment`);
  }
}
