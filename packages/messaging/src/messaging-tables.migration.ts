import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and inbox tables; every service lists this migration first. */
export class CreateMessagingTables1763800000000 implements MigrationInterface {
  name = 'CreateMessagingTables1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_message (
        id uuid PRIMARY KEY,
        position bigserial NOT NULL,
        subject text NOT NULL,
        envelope jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      )`);
    await queryRunner.query(
      `CREATE INDEX outbox_message_unpublished_idx ON outbox_message (position) WHERE published_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE inbox_message (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inbox_message`);
    await queryRunner.query(`DROP TABLE outbox_message`);
  }
}
