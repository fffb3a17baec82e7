import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Timeline positions: each entry's place in its incident's timeline, 1, 2, 3... Appending takes the next
 * positions from `incident.timeline_length` with an `UPDATE ... RETURNING` in the writer's transaction
 * (TimelineService.appendWithin): the row lock makes positions commit-ordered per incident and a rolled
 * back append gives its positions back, so a subscriber that has seen position n has seen 1..n.
 *
 * Existing entries are numbered in the order the timeline has always been read, (occurred_at, seq).
 */
export class TimelinePositions1764000000100 implements MigrationInterface {
  name = 'TimelinePositions1764000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE incident ADD COLUMN timeline_length int NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE incident_timeline_entry ADD COLUMN position int`);
    await queryRunner.query(`
      UPDATE incident_timeline_entry entry SET position = numbered.position
      FROM (
        SELECT id, row_number() OVER (PARTITION BY incident_id ORDER BY occurred_at, seq)::int AS position
        FROM incident_timeline_entry
      ) numbered
      WHERE entry.id = numbered.id`);
    await queryRunner.query(`
      ALTER TABLE incident_timeline_entry
        ALTER COLUMN position SET NOT NULL,
        ADD CONSTRAINT incident_timeline_entry_position_check CHECK (position >= 1)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX incident_timeline_entry_position_uidx ON incident_timeline_entry (incident_id, position)`,
    );
    await queryRunner.query(`
      UPDATE incident SET timeline_length = entries.length
      FROM (SELECT incident_id, max(position) AS length FROM incident_timeline_entry GROUP BY incident_id) entries
      WHERE incident.id = entries.incident_id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX incident_timeline_entry_position_uidx`);
    await queryRunner.query(`ALTER TABLE incident_timeline_entry DROP COLUMN position`);
    await queryRunner.query(`ALTER TABLE incident DROP COLUMN timeline_length`);
  }
}
