import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotifications1763800000400 implements MigrationInterface {
  name = 'CreateNotifications1763800000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY,
        recipient_id text NOT NULL,
        incident_id uuid,
        channel text NOT NULL CHECK (channel IN ('IN_APP', 'EMAIL', 'WEBHOOK')),
        status text NOT NULL CHECK (status IN ('SENT')),
        subject text NOT NULL,
        body text NOT NULL,
        source_event_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        -- One delivery per (event, recipient, channel), whatever the broker or the inbox do.
        CONSTRAINT notification_once_per_event UNIQUE (source_event_id, recipient_id, channel)
      )`);
    // The recipient's inbox, newest first (and its unread part).
    await queryRunner.query(
      `CREATE INDEX notification_inbox_idx ON notification (recipient_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX notification_unread_idx ON notification (recipient_id, created_at DESC, id DESC)
       WHERE read_at IS NULL`,
    );
    // The delivery log of an incident.
    await queryRunner.query(
      `CREATE INDEX notification_incident_idx ON notification (incident_id, created_at, id)
       WHERE incident_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notification`);
  }
}
